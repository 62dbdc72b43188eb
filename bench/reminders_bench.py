"""Reminders at national scale: 10,000 confirmed registrants across the 38 provinces, a session
starting in an hour; `send_due` queues one reminder each (delivery row + outbox message per
transaction). Then a second run, which must find nothing left to send.

Target: the first run well inside a cron interval (<= 5 min; aim <= 60 s), the idle rerun <= 2 s.
Prints messages per second and each stage's time.

    .venv/bin/python bench/reminders_bench.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/reminders_bench.py
"""
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "10000"))


def main() -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("RATELIMIT_ENABLED", "false")
    os.environ.setdefault("MAIL_DELIVER_INLINE", "false")
    os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp())
    from flask_migrate import upgrade

    from lokakarya import create_app
    from lokakarya.agencies.models import Agency
    from lokakarya.events.models import Event, EventSession, Meeting
    from lokakarya.extensions import db
    from lokakarya.regions.models import Province
    from lokakarya.registration.models import Registration
    from lokakarya.reminders.sending import due_jobs, send_due
    from lokakarya.timeutil import now_utc

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        start = now_utc().replace(microsecond=0) + timedelta(minutes=50)
        slug = f"bench-{int(time.time())}"
        event = Event(slug=slug, title="Lokakarya Nasional", timezone="Asia/Jakarta", status="published")
        event.sessions.append(EventSession(title="Pembukaan", starts_at=start, ends_at=start + timedelta(hours=2)))
        event.meetings.append(Meeting(provider="zoom", join_url="https://zoom.example/j/1", passcode="X1"))
        db.session.add(event)
        provinces = db.session.execute(db.select(Province.code)).scalars().all()
        agencies = [Agency(name=f"Dinas {code}", kind="dukcapil", province_code=code) for code in provinces]
        db.session.add_all(agencies)
        db.session.flush()
        db.session.add_all(Registration(
            event_id=event.id, agency_id=agencies[i % len(agencies)].id, status="confirmed",
            name=f"Peserta {i}", email=f"p{i}-{slug}@example.go.id") for i in range(PEOPLE))
        db.session.commit()

        with app.test_request_context("/"):
            began = time.perf_counter()
            jobs = len(due_jobs(now_utc()))
            planning = time.perf_counter() - began
            db.session.commit()
        began = time.perf_counter()
        sent = send_due()
        first = time.perf_counter() - began
        began = time.perf_counter()
        again = send_due()
        rerun = time.perf_counter() - began
    backend = url.split(":", 1)[0]
    print(f"backend: {backend}; registrants: {PEOPLE}")
    print(f"planning (due_jobs): {jobs} jobs in {planning:.2f} s")
    print(f"first run: {sent} reminders in {first:.1f} s = {sent / first:.0f} messages/s")
    print(f"rerun: {again} sent in {rerun:.2f} s")
    if sent != PEOPLE or again != 0:
        sys.exit("FAILED: expected one reminder per registrant and nothing on the rerun")


if __name__ == "__main__":
    main()
