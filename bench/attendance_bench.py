"""Attendance import at scale: a generated Zoom participants export of 100,000 rows against
20,000 confirmed registrations and 8 sessions, imported end to end (parse, match, save).

Target: <= 10 s and <= 300 MB peak memory. Prints rows per second and each stage's time.

    .venv/bin/python bench/attendance_bench.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/attendance_bench.py
"""
import os
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROWS, PEOPLE, SESSIONS = 100_000, 20_000, 8
FIRST = ["Agus", "Budi", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko", "Lestari", "Made", "Nur", "Putu",
         "Rina", "Siti", "Taufik", "Ulfa", "Wahyuni", "Yusuf", "Zainal", "Andi", "Cut", "Dian", "Fajar", "Gita"]
MIDDLE = ["Adi", "Bayu", "Candra", "Dwi", "Eka", "Fikri", "Galih", "Hadi", "Ika", "Jaya", "Kurnia", "Lukman",
          "Mega", "Nanda", "Okta", "Prasetyo", "Rahma", "Sari", "Tri", "Utami", "Wulan", "Yoga"]
LAST = ["Siregar", "Lubis", "Purba", "Harahap", "Nasution", "Pratama", "Saputra", "Hidayat", "Kurniawan",
        "Firmansyah", "Setiawan", "Rahmawati", "Handayani", "Anggraini", "Susanti", "Wijaya", "Maulana",
        "Ginting", "Hasibuan", "Lestari", "Ramadhan", "Yulianti", "Syahputra", "Suyanto"]


def setup_database(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("RATELIMIT_ENABLED", "false")
    os.environ.setdefault("MAIL_DELIVER_INLINE", "false")
    from flask_migrate import upgrade

    from lokakarya import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
    return app


def seed(app, rng: random.Random):
    """An event with 8 one-hour sessions and 20,000 confirmed registrations (not timed)."""
    from sqlalchemy import insert

    from lokakarya.agencies.models import Agency
    from lokakarya.events.models import Event, EventSession
    from lokakarya.extensions import db
    from lokakarya.registration.models import Registration
    from lokakarya.timeutil import localize

    with app.app_context():
        event = Event(slug=f"bench-{rng.randrange(10**9)}", title="Bench", timezone="Asia/Jakarta",
                      status="published")
        day = datetime(2025, 3, 6, 8, 0)  # noqa: DTZ001  (localized below)
        for n in range(SESSIONS):
            start = localize(day + timedelta(minutes=70 * n), "Asia/Jakarta")
            event.sessions.append(EventSession(title=f"Sesi {n + 1}", starts_at=start,
                                               ends_at=start + timedelta(minutes=60), position=n))
        db.session.add(event)
        codes = ["11", "12", "13", "14", "15", "16", "17", "18", "31", "32", "33", "34", "35", "36"]
        agencies = [Agency(name=f"Dinas {k} {code}", kind=k, province_code=code)
                    for code in codes for k in ("dukcapil", "dpmptsp", "setda")]
        db.session.add_all(agencies)
        db.session.flush()
        # 12,672 distinct three-part names: some people share a name, as in real lists.
        names = [f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(LAST)}" for _ in range(PEOPLE)]
        people = [{"event_id": event.id, "agency_id": rng.choice(agencies).id, "name": name,
                   "email": f"p{n}@instansi{n % 97}.go.id", "status": "confirmed"}
                  for n, name in enumerate(names)]
        db.session.execute(insert(Registration), people)
        db.session.commit()
        starts = [s.starts_at for s in event.sessions]
        return event.id, people, starts


def zoom_export(people, starts, rng: random.Random) -> bytes:
    """Participants export (classic headers, summary block): ~5 connections per person, a
    fifth of them without e-mail under a 'DUKCAPIL X - Name' display name, plus guests."""
    from lokakarya.timeutil import to_zone

    first = to_zone(starts[0], "Asia/Jakarta")
    lines = ["Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,",
             f"851 0000 0000,Bench,{first:%m/%d/%Y %I:%M:%S %p},{first:%m/%d/%Y} 05:30:00 PM,"
             "host@example.go.id,570,20000", "",
             "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    count = 0
    while count < ROWS:
        if rng.random() < 0.01:
            person = {"name": f"Tamu {count}", "email": ""}
        else:
            person = people[count % len(people)]
        offset = rng.randrange(0, 540)
        length = rng.randrange(5, 120)
        joined = first + timedelta(minutes=offset)
        left = joined + timedelta(minutes=length)
        email = person["email"] if rng.random() < 0.8 else ""
        name = person["name"] if email else f"DUKCAPIL JAWA BARAT - {person['name']} ({person['name']})"
        lines.append(f"{name},{email},{joined:%m/%d/%Y %I:%M:%S %p},{left:%m/%d/%Y %I:%M:%S %p},{length},Yes")
        count += 1
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    rng = random.Random(2020)
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ.setdefault("INSTANCE_PATH", str(Path(tmp) / "instance"))
        app = setup_database(url)
        event_id, people, starts = seed(app, rng)
        data = zoom_export(people, starts, rng)
        del people
        print(f"report: {ROWS:,} rows, {len(data) / 1e6:.1f} MB; {PEOPLE:,} registrations; {SESSIONS} sessions")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        from lokakarya.attendance.importing import apply_import, people_of, plan_import, read_report
        from lokakarya.attendance.recap import event_for_recap
        from lokakarya.events.models import Event
        from lokakarya.extensions import db

        with app.app_context():
            slug = db.session.get(Event, event_id).slug
            db.session.expunge_all()
            cpu0 = time.process_time()
            t0 = time.perf_counter()
            event = event_for_recap(slug)
            report = read_report(event, data, event.timezone, None)
            t1 = time.perf_counter()
            registrations = people_of(event)
            plan = plan_import(event, report, people=registrations)
            t2 = time.perf_counter()
            apply_import(plan)
            db.session.commit()
            t3 = time.perf_counter()
            total = t3 - t0
            cpu = time.process_time() - cpu0
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"parse  {t1 - t0:6.2f} s   ({len(report.rows) / (t1 - t0):,.0f} rows/s)")
            print(f"match  {t2 - t1:6.2f} s   (matched {plan.matched:,}, unmatched {plan.unmatched:,})")
            print(f"save   {t3 - t2:6.2f} s   ({plan.new:,} attendance rows written)")
            print(f"total  {total:6.2f} s   ({ROWS / total:,.0f} rows/s)  target <= 10 s: "
                  f"{'ok' if total <= 10 else 'MISSED'}")
            print(f"cpu    {cpu:6.2f} s   (this process; the wall time above includes waiting for a shared machine)")
            print(f"peak memory (max RSS) {peak:.0f} MB (before import {rss_before:.0f} MB)  target <= 300 MB: "
                  f"{'ok' if peak <= 300 else 'MISSED'}")
            t4 = time.perf_counter()
            again = plan_import(event, read_report(event, data, event.timezone, None))
            apply_import(again)
            db.session.commit()
            print(f"re-import of the same file: {time.perf_counter() - t4:.2f} s, "
                  f"{again.new} new / {again.changed} changed / {again.removed} removed")


if __name__ == "__main__":
    main()
