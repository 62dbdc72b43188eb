"""Attendance pull at scale: 10 sessions, each held in its own created Zoom meeting, each with a
1,000-participant report (950 registrants Zoom names by registrant id, 50 guests left to review,
one in ten people reconnecting once), pulled by `flask attendance pull`'s pass against the local
strict Zoom of tests/vc/zoom_server.py over real HTTP.

Prints the seconds for the pass and per session, the report pages fetched, and the SQL statements
per meeting at 1,000 participants and at 250 (one page): the same count whatever the pages.

    .venv/bin/python bench/vc_pull_bench.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/vc_pull_bench.py   (emptied first)
"""
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SESSIONS = 10
START = datetime(2030, 3, 5, 1, 0, tzinfo=UTC)


def setup_app(url: str, zoom):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("RATELIMIT_ENABLED", "false")
    os.environ.setdefault("MAIL_DELIVER_INLINE", "false")
    os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="lk-bench-instance-"))
    from flask_migrate import upgrade

    from lokakarya import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "BASE_URL": "https://lokakarya.example.go.id",
                      **zoom.config()})
    with app.app_context():
        upgrade()
    return app


def zoom_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def seed(app, zoom, slug: str, people: int) -> list:
    """An event of SESSIONS one-hour sessions, a meeting created at Zoom for each (through the
    sync pass), `people` confirmed registrations registered in each, and each meeting's report."""
    from sqlalchemy import insert

    from lokakarya.events.models import Event, EventSession, Meeting
    from lokakarya.extensions import db
    from lokakarya.registration.models import Registration
    from lokakarya.vc import queue
    from lokakarya.vc.models import VcRegistrant
    from lokakarya.vc.sync import sync_pass

    with app.app_context():
        event = Event(slug=slug, title="Lokakarya Penerapan SPP", timezone="Asia/Jakarta", status="published")
        for i in range(SESSIONS):
            begins = START + timedelta(hours=i)
            event.sessions.append(EventSession(title=f"Sesi {i + 1}", starts_at=begins,
                                               ends_at=begins + timedelta(minutes=60), position=i))
        db.session.add(event)
        db.session.flush()
        for session in event.sessions:
            meeting = Meeting(event_id=event.id, session_id=session.id, provider="zoom", join_url="")
            db.session.add(meeting)
            db.session.flush()
            queue.requested(meeting, "zoom")
        db.session.commit()
        sync_pass(now=START - timedelta(days=1))
        regs = [{"event_id": event.id, "name": f"Peserta {n} Daerah", "email": f"p{n}@{slug}.example.go.id",
                 "status": "confirmed", "token": f"{slug}-{n:06d}-{'x' * 20}", "locale": "id"}
                for n in range(people)]
        db.session.execute(insert(Registration), regs)
        reg_ids = db.session.execute(db.select(Registration.id).where(Registration.event_id == event.id)
                                     .order_by(Registration.id)).scalars().all()
        meetings = db.session.execute(db.select(Meeting).where(Meeting.event_id == event.id)
                                      .order_by(Meeting.id)).scalars().all()
        rows, plans = [], []
        for meeting, session in zip(meetings, event.sessions, strict=True):
            rows += [{"meeting_id": meeting.id, "registration_id": rid, "state": "registered",
                      "provider_registrant_id": f"zr-{meeting.id}-{rid}", "join_url": "", "attempts": 0,
                      "next_attempt_at": START, "last_error": "", "updated_at": START} for rid in reg_ids]
            plans.append((int(meeting.external_id), meeting.id, session.starts_at))
        db.session.execute(insert(VcRegistrant), rows)
        db.session.commit()
    for external_id, meeting_id, starts in plans:
        participants = []
        for n, rid in enumerate(reg_ids[: people - people // 20]):
            stay = [(starts + timedelta(minutes=n % 7), starts + timedelta(minutes=58))]
            if n % 10 == 0:  # reconnects once
                stay = [(starts, starts + timedelta(minutes=20)), (starts + timedelta(minutes=24), starts + timedelta(minutes=60))]
            participants += [{"id": "", "user_id": str(n), "name": f"Peserta {n} Daerah", "user_email": "",
                              "registrant_id": f"zr-{meeting_id}-{rid}", "join_time": zoom_time(a),
                              "leave_time": zoom_time(b), "duration": int((b - a).total_seconds()),
                              "status": "in_meeting"} for a, b in stay]
        participants += [{"id": "", "user_id": f"g{n}", "name": f"Tamu {n}", "user_email": "",
                          "join_time": zoom_time(starts), "leave_time": zoom_time(starts + timedelta(minutes=30)),
                          "duration": 1800, "status": "in_meeting"} for n in range(people // 20)]
        zoom.end_meeting(external_id, participants[:people], start_time=zoom_time(starts))
    return plans


def run(app, zoom, slug: str, people: int) -> dict:
    import sqlalchemy as sa

    from lokakarya.extensions import db
    from lokakarya.vc.pull import pull_pass

    seed(app, zoom, slug, people)
    pages_before = len(zoom.calls_to("GET", "/v2/report/meetings/"))
    with app.app_context():
        count = [0]

        def before(*_args, **_kwargs):
            count[0] += 1

        engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", before)
        started = time.perf_counter()
        counts = pull_pass(now=START + timedelta(hours=SESSIONS + 1))
        seconds = time.perf_counter() - started
        sa.event.remove(engine, "before_cursor_execute", before)
    assert counts["pulled"] == SESSIONS, counts
    return {"seconds": seconds, "statements": count[0], "rows": counts["rows"],
            "pages": len(zoom.calls_to("GET", "/v2/report/meetings/")) - pages_before}


def main() -> None:
    from tests.vc.zoom_server import ZoomServer

    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='lk-bench-')}/bench.db"
    from tests.conftest import reset_schema

    reset_schema(url)  # a database of its own: everything in it is dropped
    with ZoomServer() as zoom:
        app = setup_app(url, zoom)
        big = run(app, zoom, "besar", 1000)
        small = run(app, zoom, "kecil", 250)
    print(f"database: {url.split(':')[0]}")
    print(f"pull of {SESSIONS} sessions x 1000 participants ({big['pages']} report pages, page size 300,"
          f" {big['rows']} rows): {big['seconds']:.2f} s, {big['seconds'] / SESSIONS * 1000:.0f} ms per session")
    print(f"SQL statements: {big['statements']} ({big['statements'] / SESSIONS:.0f} per meeting) at 1000 "
          f"participants; {small['statements']} ({small['statements'] / SESSIONS:.0f} per meeting) at 250 "
          f"({small['pages']} pages)")


if __name__ == "__main__":
    main()
