"""Follow-up at national scale: 38 provinces, 5,000 agencies, 20,000 action items with 100,000
updates. Times the cross-event dashboard, the event dashboard and the action-item API list
(median of repeated requests, target <= 150 ms each), and prints the number of SQL statements
each runs at 1,000 and at 20,000 items (they must be equal).

    .venv/bin/python bench/followup_bench.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/followup_bench.py   # an empty database
"""
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

AGENCIES, ITEMS, UPDATES, SMALL = 5_000, 20_000, 100_000, 1_000
REPEAT = 15
TARGET_MS = 150
STATUSES = ("open", "in_progress", "done", "blocked", "dropped")
CATEGORIES = ("persyaratan", "dasar_hukum", "sarana_prasarana", "kompetensi_pelaksana", "lainnya")


def setup(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ["RATELIMIT_ENABLED"] = "false"
    os.environ["MAIL_DELIVER_INLINE"] = "false"
    os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="lk-instance-"))
    from flask_migrate import upgrade

    from lokakarya import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
    return app


def seed_base(app, rng):
    """Users, an event inviting all 38 provinces, 5,000 agencies (not timed)."""
    from sqlalchemy import insert

    from lokakarya.agencies.models import Agency
    from lokakarya.auth.services import create_user
    from lokakarya.auth.tokens import issue_api_token
    from lokakarya.events.models import Event, EventSession, InvitedProvince
    from lokakarya.extensions import db
    from lokakarya.regions.models import Province

    with app.app_context():
        codes = list(db.session.execute(db.select(Province.code)).scalars())
        event = Event(slug=f"bench-fu-{time.time_ns()}", title="Bench follow-up", status="published")
        event.invited = [InvitedProvince(province_code=c) for c in codes]
        event.sessions.append(EventSession(title="Sesi", starts_at=datetime(2024, 5, 2, 2, tzinfo=UTC),
                                           ends_at=datetime(2024, 5, 2, 6, tzinfo=UTC)))
        db.session.add(event)
        kinds = ("dukcapil", "dpmptsp", "setda", "other")
        db.session.execute(insert(Agency), [
            {"name": f"Instansi {n}", "kind": kinds[n % 4], "province_code": codes[n % len(codes)],
             "approved": True} for n in range(AGENCIES)])
        organiser = create_user(f"bench-org-{time.time_ns()}@example.go.id", "Bench", "organiser",
                                "bench-password-1")
        token = issue_api_token(organiser)
        db.session.commit()
        agencies = list(db.session.execute(db.select(Agency.id, Agency.province_code)).all())
        return event.id, event.slug, organiser.email, token, agencies


def add_items(app, rng, event_id, agencies, count, updates_per_item):
    from sqlalchemy import insert

    from lokakarya.extensions import db
    from lokakarya.followup.models import ActionItem, ActionUpdate

    now = datetime.now(UTC)
    with app.app_context():
        first = (db.session.execute(db.select(db.func.max(ActionItem.id))).scalar() or 0) + 1
        rows = []
        for n in range(count):
            agency_id, code = agencies[rng.randrange(len(agencies))]
            status = STATUSES[n % 5]
            rows.append({
                "event_id": event_id, "kind": ("commitment", "recommendation")[n % 2], "province_code": code,
                "agency_id": agency_id, "category": CATEGORIES[n % 5], "title": f"Butir {first + n}",
                "description": "", "expected_output": "", "due_date": date(2024, 1, 1) + timedelta(days=n % 900),
                "status": status, "progress": rng.randrange(101),
                "verification": ("pending" if n % 3 else "verified") if status == "done" else None,
                "verification_note": "", "tracked": True, "created_at": now, "updated_at": now})
        for start in range(0, len(rows), 5_000):
            db.session.execute(insert(ActionItem), rows[start:start + 5_000])
        updates = [{"action_item_id": first + n, "note": f"Kemajuan {k}", "progress": 20 * k,
                    "created_at": now, "evidence_url": "", "evidence_path": "", "evidence_name": "",
                    "evidence_type": ""}
                   for n in range(count) for k in range(updates_per_item)]
        for start in range(0, len(updates), 10_000):
            db.session.execute(insert(ActionUpdate), updates[start:start + 10_000])
        db.session.commit()
        analyze(db.engine)


def analyze(engine):
    """PostgreSQL: statistics and visibility as autovacuum keeps them on a live database (index-only
    scans need the visibility map). SQLite is left as it runs in production, without ANALYZE."""
    import sqlalchemy as sa

    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def measure(app, client, url, headers=None, repeat=REPEAT):
    """(median ms, statements of one request)."""
    import sqlalchemy as sa

    from lokakarya.extensions import db

    with app.app_context():
        engine = db.engine
    count = [0]

    def before(*_a, **_k):
        count[0] += 1

    sa.event.listen(engine, "before_cursor_execute", before)
    response = client.get(url, headers=headers or {})
    sa.event.remove(engine, "before_cursor_execute", before)
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:500])
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, headers=headers or {})
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), count[0]


def main():
    rng = random.Random(2020)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='lk-fu-bench-')}/bench.db"
    app = setup(url)
    started = time.perf_counter()
    event_id, slug, email, token, agencies = seed_base(app, rng)
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": "bench-password-1"})
    assert response.status_code == 302, "login failed"
    auth = {"Authorization": f"Bearer {token}"}
    pages = [("dashboard (all events)", "/follow-up/", None),
             ("event dashboard", f"/events/{slug}/follow-up", None),
             ("action-item API list", "/api/v1/action-items?limit=100", auth),
             ("action-item API list, overdue filter", "/api/v1/action-items?overdue=true&limit=100", auth)]
    add_items(app, rng, event_id, agencies, SMALL, UPDATES // ITEMS)
    small = {name: measure(app, client, path, headers, repeat=3) for name, path, headers in pages}
    add_items(app, rng, event_id, agencies, ITEMS - SMALL, UPDATES // ITEMS)
    print(f"database: {url.split(':')[0]}; seeded 38 provinces, {AGENCIES:,} agencies, {ITEMS:,} action items, "
          f"{UPDATES:,} updates in {time.perf_counter() - started:.1f} s")
    failed = False
    for name, path, headers in pages:
        median, statements = measure(app, client, path, headers)
        same = statements == small[name][1]
        ok = median <= TARGET_MS and same
        failed |= not ok
        print(f"{name:40s} median {median:7.1f} ms (target {TARGET_MS})  SQL statements: "
              f"{small[name][1]} at {SMALL:,} items, {statements} at {ITEMS:,}  {'OK' if ok else 'FAIL'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
