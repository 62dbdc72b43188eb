"""Calendars at scale: an event with 300 sessions, served as a personal feed and as the public
calendar through the whole app (request, SQL, building, serialising).

Prints milliseconds per feed, the ratio to serialising the same `icalendar` objects alone (the
floor), and the SQL statements the public calendar runs at 10 and at 300 sessions.
Targets: <= 50 ms per feed, <= 1.5x the floor, the same statement count at both sizes.

    .venv/bin/python bench/calendar_bench.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/calendar_bench.py
"""
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SESSIONS = 300
ROUNDS = 30


def setup_app(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("RATELIMIT_ENABLED", "false")
    os.environ.setdefault("MAIL_DELIVER_INLINE", "false")
    os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="lk-bench-instance-"))
    from flask_migrate import upgrade

    from lokakarya import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "BASE_URL": "https://lokakarya.example.go.id"})
    with app.app_context():
        upgrade()
    return app


def seed(app, slug: str, sessions: int) -> str:
    """A published event over several days, one confirmed registration; returns its token."""
    from lokakarya.events.models import Event, EventSession, Meeting
    from lokakarya.extensions import db
    from lokakarya.registration.models import Registration

    with app.app_context():
        event = Event(slug=slug, title=f"Lokakarya {sessions} sesi", timezone="Asia/Makassar",
                      status="published", contact_email="panitia@example.go.id")
        start = datetime(2030, 3, 4, 0, 0, tzinfo=UTC)
        for i in range(sessions):
            begins = start + timedelta(days=i // 8, hours=i % 8)
            event.sessions.append(EventSession(
                title=f"Sesi {i + 1}: Standar pelayanan, informasi; sarana dan prasarana",
                description="Pembahasan permasalahan penerapan standar pelayanan publik di daerah.\n" * 3,
                speakers="Narasumber A\nNarasumber B", starts_at=begins, ends_at=begins + timedelta(minutes=50),
                position=i, status="cancelled" if i % 50 == 49 else "scheduled"))
        event.meetings.append(Meeting(provider="zoom", join_url="https://us02web.zoom.us/j/85120201112",
                                      meeting_code="851 2020 1112", passcode="WIL1"))
        db.session.add(event)
        db.session.flush()
        registration = Registration(event_id=event.id, name="Peserta Bench", email="bench@example.go.id",
                                    status="confirmed")
        db.session.add(registration)
        db.session.commit()
        return registration.token


def timed_ms(fn) -> float:
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1000


def floor_calendar(app, token: str, personal: bool):
    """The very icalendar objects the request builds, to serialise alone (no request, no SQL)."""
    from lokakarya.ical import calendars, entries
    from lokakarya.registration.views import registration_for_token
    from lokakarya.timeutil import now_utc

    with app.test_request_context():
        registration = registration_for_token(token)
        event = registration.event
        if personal:
            return calendars.build(entries.personal_entries(registration), stamp=now_utc(), method="PUBLISH",
                                   name=event.title, refresh=calendars.FEED_REFRESH)
        return calendars.build(entries.public_entries(event), stamp=now_utc(), method="PUBLISH",
                               name=event.title, organizer=entries.organizer(event))


def served_and_floor_ms(client, path: str, calendar) -> tuple[float, float]:
    """Medians of the served request and of to_ical alone, measured alternately so both see
    the same machine load (the machine is shared)."""
    client.get(path)
    calendar.to_ical()
    served, floor = [], []
    for _ in range(ROUNDS):
        served.append(timed_ms(lambda: client.get(path).data))
        floor.append(timed_ms(calendar.to_ical))
    return statistics.median(served), statistics.median(floor)


def statements(app, client, path: str) -> int:
    from lokakarya.extensions import db

    count = [0]

    def before(*_args, **_kwargs):
        count[0] += 1

    with app.app_context():
        engine = db.engine
    import sqlalchemy as sa

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    return count[0]


def main() -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='lk-bench-')}/bench.db"
    app = setup_app(url)
    token = seed(app, "bench-300", SESSIONS)
    seed(app, "bench-10", 10)
    client = app.test_client()
    feed_path, public_path = f"/r/{token}/calendar.ics", "/events/bench-300/calendar.ics"
    size = len(client.get(feed_path).data)

    print(f"database: {url.split(':', 1)[0]}; {SESSIONS} sessions; median of {ROUNDS} alternating runs")
    for label, path, personal in (("personal feed", feed_path, True), ("public calendar", public_path, False)):
        served, floor = served_and_floor_ms(client, path, floor_calendar(app, token, personal))
        print(f"{label:16s} {served:7.1f} ms served | {floor:6.1f} ms to_ical alone | "
              f"ratio {served / floor:4.2f}x   (target <= 50 ms, <= 1.5x)")
    print(f"personal feed size: {size / 1024:.0f} KiB")
    small = statements(app, client, "/events/bench-10/calendar.ics")
    large = statements(app, client, public_path)
    print(f"SQL statements, public calendar: {small} at 10 sessions, {large} at {SESSIONS} sessions")


if __name__ == "__main__":
    main()
