"""Polling at national scale: what a calendar app's poll costs when nothing changed (304 from the
version) against a full answer, for every feed and public page, in process.

One published event with 15 sessions over 3 days, an event-wide meeting, public materials and
20,000 registrations (15,000 confirmed), created by one organiser. Each answer is requested in
turn for many different tokens (so no row stays hot by accident), once without and once with the
validator of the client's stored copy. Prints requests per second, the SQL statements of each
kind of request, and what 20,000 subscribed calendars polling every 5 minutes cost in CPU;
`/healthz` (one statement) as the ceiling of a request in the same process.

    .venv/bin/python bench/conditional_bench.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/conditional_bench.py
    BENCH_SESSIONS=300 … (more sessions), BENCH_REGISTRATIONS=… (another size)
"""
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from calendar_bench import setup_app  # noqa: E402  (same app and database set-up)

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "15"))
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "20000"))
TOKENS = 300  # distinct personal feeds requested in turn
SECONDS = 2.0  # measuring time per kind of request and round
ROUNDS = 3  # alternating rounds (full, conditional, full, …): the machine is shared
SUBSCRIBERS, POLL_SECONDS = 20_000, 300


def seed(app) -> dict:
    """The event, its organiser and the registrations (not timed); returns the paths to poll."""
    from sqlalchemy import insert

    from lokakarya.auth.services import create_user
    from lokakarya.events.models import Event, EventSession, Meeting
    from lokakarya.extensions import db
    from lokakarya.ical.feed_tokens import organiser_feed_token
    from lokakarya.materials.services import add_link
    from lokakarya.registration.models import Registration, new_token

    with app.app_context():
        organiser = create_user(f"bench-{time.time_ns()}@example.go.id", "Penyelenggara Bench", "organiser",
                                "kata-sandi-bench-9")
        db.session.flush()
        slug = f"nasional-{time.time_ns()}"
        event = Event(slug=slug, title="Lokakarya Nasional Standar Pelayanan Publik", timezone="Asia/Jakarta",
                      status="published", capacity=REGISTRATIONS, created_by_id=organiser.id,
                      contact_email="panitia@example.go.id", organiser_unit="Kementerian")
        start = datetime(2030, 3, 4, 1, 0, tzinfo=UTC)
        for i in range(SESSIONS):
            begins = start + timedelta(days=i * 3 // SESSIONS, hours=(i % (SESSIONS // 3 or 1)) * 1.5)
            event.sessions.append(EventSession(
                title=f"Sesi {i + 1}: Standar pelayanan, informasi; sarana dan prasarana",
                description="Pembahasan permasalahan penerapan standar pelayanan publik di daerah.\n" * 2,
                speakers="Narasumber A\nNarasumber B", starts_at=begins, ends_at=begins + timedelta(minutes=80),
                position=i))
        event.meetings.append(Meeting(provider="zoom", join_url="https://us02web.zoom.us/j/85120201112",
                                      meeting_code="851 2020 1112", passcode="WIL1"))
        db.session.add(event)
        db.session.flush()
        for i, session in enumerate(event.sessions[:5]):
            add_link(session, f"Bahan tayang {i + 1}", "public", f"https://example.go.id/bahan-{i + 1}.pdf")
        rows = [{"event_id": event.id, "name": f"Peserta {n}", "email": f"peserta{n}@example.go.id",
                 "status": "confirmed" if n % 4 else "pending", "token": new_token()}
                for n in range(REGISTRATIONS)]
        db.session.execute(insert(Registration), rows)
        db.session.commit()
        step = max(1, REGISTRATIONS // TOKENS)
        tokens = [rows[n]["token"] for n in range(0, REGISTRATIONS, step)][:TOKENS]
        feed = organiser_feed_token(organiser)
        session_ids = [s.id for s in event.sessions]
    return {
        "personal feed": [f"/r/{t}/calendar.ics" for t in tokens],
        "public calendar": [f"/events/{slug}/calendar.ics"],
        "session .ics": [f"/events/{slug}/sessions/{s}.ics" for s in session_ids],
        "organiser feed": [f"/organiser/{feed}/calendar.ics"],
        "event page": [f"/events/{slug}"],
        "start page": ["/"],
    }


def statement_counter(app):
    import sqlalchemy as sa

    from lokakarya.extensions import db

    with app.app_context():
        engine = db.engine
    count = [0]
    sa.event.listen(engine, "before_cursor_execute", lambda *_a, **_k: count.__setitem__(0, count[0] + 1))
    return count


def rate(client, requests: list[tuple[str, dict]], expected: int) -> float:
    """Requests per second over SECONDS, cycling through the given requests."""
    done, began = 0, time.perf_counter()
    while time.perf_counter() - began < SECONDS:
        path, headers = requests[done % len(requests)]
        response = client.get(path, headers=headers)
        assert response.status_code == expected, (path, response.status_code)
        done += 1
    return done / (time.perf_counter() - began)


def main() -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='lk-bench-')}/bench.db"
    app = setup_app(url)
    paths = seed(app)
    client = app.test_client()
    count = statement_counter(app)

    print(f"database: {url.split(':', 1)[0]}; {SESSIONS} sessions, {REGISTRATIONS:,} registrations; "
          f"in process, best of {ROUNDS} alternating rounds of {SECONDS:.0f} s")
    print(f"{'answer':16s} {'full/s':>8s} {'304/s':>8s} {'ratio':>6s} {'SQL full':>9s} {'SQL 304':>8s}"
          f" {'bytes':>7s}")
    for label, urls in paths.items():
        full = [(u, {}) for u in urls]
        conditional = [(u, {"If-None-Match": client.get(u).headers["ETag"]}) for u in urls]
        count[0] = 0
        size = len(client.get(urls[0]).data)
        full_statements, count[0] = count[0], 0
        client.get(conditional[0][0], headers=conditional[0][1])
        conditional_statements = count[0]
        full_rates, conditional_rates = [], []
        for _ in range(ROUNDS):
            full_rates.append(rate(client, full, 200))
            conditional_rates.append(rate(client, conditional, 304))
        best_full, best_conditional = max(full_rates), max(conditional_rates)
        print(f"{label:16s} {best_full:8.0f} {best_conditional:8.0f} {best_conditional / best_full:5.1f}x"
              f" {full_statements:9d} {conditional_statements:8d} {size:7,d}")
        if label == "personal feed":
            personal = (best_full, best_conditional)
    ceiling = max(rate(client, [("/healthz", {})], 200) for _ in range(ROUNDS))
    print(f"{'/healthz':16s} {ceiling:8.0f}  (the ceiling: one statement, no template, same process)")
    polls = SUBSCRIBERS / POLL_SECONDS
    print(f"{SUBSCRIBERS:,} personal feeds polled every {POLL_SECONDS // 60} minutes = {polls:.0f} requests/s: "
          f"{polls / personal[0]:.2f} CPU cores answering in full, {polls / personal[1]:.2f} with 304s "
          f"(one process, without the HTTP server)")


if __name__ == "__main__":
    main()
