"""National scale on PostgreSQL: 38 provinces invited, 1,700 agencies, 20,000 registrations,
15 sessions over 3 days, 100,000 attendance records, 2,000 action items with 10,000 updates
(bulk inserts, not the ORM row by row; then attendance presence and statuses derived once, timed,
as a rule change derives them).

Prints, for every organiser page and API list, the median time in process (Flask test client,
several rounds) and the SQL statements of one request, at a small twin event (200
registrations) and at the national one (they must be equal); then every export of the 20,000
rows (CSV, XLSX, printable list, daftar hadir XLSX/PDF), each fetched in a process of its own
that reads the body chunk by chunk as it streams: seconds, the process's peak resident memory
during the request (VmHWM reset before it; it includes the ~100 MB the process holds anyway)
and how many chunks the body came in (1: built whole before the first byte).
Targets: pages and lists <= 150 ms median, exports <= 10 s and <= 200 MB.

    createdb -h 127.0.0.1 -U postgres lk_bench
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/lk_bench .venv/bin/python bench/national.py
The database is emptied and rebuilt by the migrations first: use one of its own.
Then the same pages through gunicorn with 2 workers (median over HTTP, /healthz as the ceiling;
BENCH_SKIP_HTTP=1 leaves it out).
BENCH_ROUNDS changes the rounds per page (10); BENCH_SKIP_EXPORTS=1 leaves the exports out.
"""
import http.client
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/lk_bench")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
AGENCIES, REGISTRATIONS, SESSIONS, ATTENDANCE, ITEMS, UPDATES = 1_700, 20_000, 15, 100_000, 2_000, 10_000
SMALL = 200  # the twin event: same shape, a hundredth of the people
TARGET_MS, EXPORT_SECONDS, EXPORT_MB = 150, 10, 200
PASSWORD = "bench-password-1"
EMAIL = "bench-organiser@example.go.id"
# A hundred of every 100 registrations: 80 confirmed, 10 pending, 5 waitlisted, 3 cancelled, 2 rejected.
STATUS_CYCLE = ["confirmed"] * 80 + ["pending"] * 10 + ["waitlisted"] * 5 + ["cancelled"] * 3 + ["rejected"] * 2
KINDS = ("dukcapil", "dpmptsp", "setda", "other")
SOURCES = ("zoom", "link", "checkin", "teams")
NAMES = ["Agus", "Budi", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko", "Lestari", "Made", "Nur", "Putu",
         "Rina", "Siti", "Taufik", "Ulfa", "Wahyuni", "Yusuf", "Zainal", "Andi", "Cut", "Dian", "Fajar", "Gita"]
LAST = ["Siregar", "Lubis", "Purba", "Harahap", "Nasution", "Pratama", "Saputra", "Hidayat", "Kurniawan",
        "Setiawan", "Rahmawati", "Handayani", "Wijaya", "Maulana", "Ginting", "Hasibuan", "Ramadhan"]


def environment(instance: str) -> dict:
    return {**os.environ, "DATABASE_URL": URL, "RATELIMIT_ENABLED": "false", "MAIL_DELIVER_INLINE": "false",
            "SECRET_KEY": "bench-secret", "INSTANCE_PATH": instance, "BASE_URL": "http://bench.local"}


def make_app(instance: str):
    os.environ.update(environment(instance))
    from lokakarya import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": URL, "WTF_CSRF_ENABLED": False})


def prepare(app) -> dict:
    """Empty schema, migrations, the organiser and the two events with their data (not timed)."""
    from flask_migrate import upgrade

    from lokakarya.auth.services import create_user
    from lokakarya.auth.tokens import issue_api_token
    from lokakarya.extensions import db
    from tests.conftest import reset_schema

    reset_schema(URL)
    with app.app_context():
        upgrade()
        organiser = create_user(EMAIL, "Bench", "organiser", PASSWORD)
        token = issue_api_token(organiser)
        db.session.commit()
        rng = random.Random(2020)
        agencies = seed_agencies()
        small = seed_event(rng, "bench-kecil", agencies, SMALL, ATTENDANCE * SMALL // REGISTRATIONS,
                           ITEMS * SMALL // REGISTRATIONS)
        big = seed_event(rng, "bench-nasional", agencies, REGISTRATIONS, ATTENDANCE, ITEMS)
        analyze(db.engine)
    return {"token": token, "small": small, "big": big}


def seed_agencies() -> list[tuple[int, str]]:
    from sqlalchemy import insert

    from lokakarya.agencies.models import Agency
    from lokakarya.extensions import db
    from lokakarya.regions.models import Province

    codes = list(db.session.execute(db.select(Province.code).order_by(Province.code)).scalars())
    db.session.execute(insert(Agency), [
        {"name": f"{KINDS[n % 4].upper()} Instansi {n}", "kind": KINDS[n % 4], "province_code": codes[n % len(codes)],
         "approved": True} for n in range(AGENCIES)])
    db.session.commit()
    return list(db.session.execute(db.select(Agency.id, Agency.province_code)).all())


def seed_event(rng, slug: str, agencies, people: int, attendance: int, items: int) -> dict:
    from sqlalchemy import insert

    from lokakarya.attendance.models import Attendance
    from lokakarya.attendance.presence import refresh_event
    from lokakarya.events.models import Event, EventSession, InvitedProvince
    from lokakarya.extensions import db
    from lokakarya.followup.models import ActionItem, ActionUpdate
    from lokakarya.regions.models import Province
    from lokakarya.registration.models import Registration, new_token
    from lokakarya.timeutil import localize

    codes = list(db.session.execute(db.select(Province.code)).scalars())
    event = Event(slug=slug, title=f"Lokakarya nasional ({slug})", status="published", timezone="Asia/Jakarta",
                  capacity=None, quota_per_agency=None)
    event.invited = [InvitedProvince(province_code=c) for c in codes]
    for n in range(SESSIONS):  # five a day, three days
        start = localize(datetime(2026, 3, 3 + n // 5, 8 + 2 * (n % 5)), "Asia/Jakarta")  # noqa: DTZ001
        event.sessions.append(EventSession(title=f"Sesi {n + 1}", starts_at=start,
                                           ends_at=start + timedelta(minutes=90), position=n))
    db.session.add(event)
    db.session.commit()
    now = datetime.now(UTC)
    rows = []
    for n in range(people):
        agency_id, _code = agencies[n % len(agencies)]
        rows.append({
            "event_id": event.id, "agency_id": agency_id, "status": STATUS_CYCLE[n % 100],
            "name": f"{rng.choice(NAMES)} {rng.choice(NAMES)} {rng.choice(LAST)}",
            "nip": f"19860{n % 9 + 1}{n % 28 + 1:02d}2015{n:06d}"[:18], "position": "Analis Kebijakan",
            "email": f"peserta{n}@instansi{n % 97}.go.id", "phone": f"+62812{n:08d}", "token": new_token(),
            "locale": "id", "consent_version": "2024-01", "consented_at": now,
            "created_at": now - timedelta(seconds=people - n), "status_changed_at": now})
    for start in range(0, len(rows), 5_000):
        db.session.execute(insert(Registration), rows[start:start + 5_000])
    db.session.commit()
    confirmed = list(db.session.execute(db.select(Registration.id).where(
        Registration.event_id == event.id, Registration.status == "confirmed").order_by(Registration.id)).scalars())
    sessions = [(s.id, s.starts_at) for s in event.sessions]
    marks, seen = [], set()
    while len(marks) < attendance:
        reg_id, (session_id, starts) = rng.choice(confirmed), rng.choice(sessions)
        source = rng.choice(SOURCES)
        if (reg_id, session_id, source) in seen:
            continue
        seen.add((reg_id, session_id, source))
        minutes = rng.randrange(5, 91)
        joined = starts + timedelta(minutes=rng.randrange(0, 20))
        marks.append({"registration_id": reg_id, "session_id": session_id, "source": source,
                      "first_join_at": joined, "last_leave_at": joined + timedelta(minutes=minutes),
                      "minutes": minutes, "note": "", "created_at": now, "updated_at": now})
    for start in range(0, len(marks), 10_000):
        db.session.execute(insert(Attendance), marks[start:start + 10_000])
    # Rows inserted in bulk, past the code that records attendance: derive presence and
    # statuses the way a rule change does (attendance/presence.py), and say how long it took.
    began = time.perf_counter()
    refresh_event(event.id)
    db.session.commit()
    print(f"{slug}: presence and statuses of {people:,} people from {attendance:,} rows in "
          f"{time.perf_counter() - began:.1f} s", flush=True)
    first = (db.session.execute(db.select(db.func.max(ActionItem.id))).scalar() or 0) + 1
    statuses = ("open", "in_progress", "done", "blocked", "dropped")
    categories = ("persyaratan", "dasar_hukum", "sarana_prasarana", "kompetensi_pelaksana", "lainnya")
    db.session.execute(insert(ActionItem), [{
        "event_id": event.id, "kind": ("commitment", "recommendation")[n % 2],
        "province_code": agencies[n % len(agencies)][1], "agency_id": agencies[n % len(agencies)][0],
        "category": categories[n % 5], "title": f"Butir {first + n}", "description": "", "expected_output": "",
        "due_date": date(2026, 6, 1) + timedelta(days=n % 300), "status": statuses[n % 5],
        "progress": rng.randrange(101), "verification": "pending" if statuses[n % 5] == "done" else None,
        "verification_note": "", "tracked": True, "created_at": now, "updated_at": now} for n in range(items)])
    db.session.execute(insert(ActionUpdate), [{
        "action_item_id": first + n, "note": f"Kemajuan {k}", "progress": 20 * k, "created_at": now,
        "evidence_url": "", "evidence_path": "", "evidence_name": "", "evidence_type": ""}
        for n in range(items) for k in range(UPDATES // ITEMS)])
    db.session.commit()
    return {"slug": slug, "session_id": sessions[0][0]}


def analyze(engine) -> None:
    """Statistics and visibility as autovacuum keeps them on a live database."""
    import sqlalchemy as sa

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def pages(event: dict) -> list[tuple[str, str, bool]]:
    """(name, path, API) of every organiser page and API list of one event."""
    slug, sid = event["slug"], event["session_id"]
    return [
        ("registrations page", f"/events/{slug}/registrations", False),
        ("registrations page 3, filtered", f"/events/{slug}/registrations?status=confirmed&page=3", False),
        ("registrations page, search", f"/events/{slug}/registrations?q=siregar", False),
        ("attendance recap", f"/events/{slug}/attendance", False),
        ("attendance session page", f"/events/{slug}/attendance/sessions/{sid}", False),
        ("certificates page", f"/events/{slug}/certificates", False),
        ("follow-up event dashboard", f"/events/{slug}/follow-up", False),
        ("follow-up dashboard (all)", "/follow-up/", False),
        ("follow-up items page", "/follow-up/items", False),
        ("API registrations list", f"/api/v1/events/{slug}/registrations", True),
        ("API registrations, 2nd page", f"/api/v1/events/{slug}/registrations?offset=100&limit=100", True),
        ("API attendance list", f"/api/v1/events/{slug}/attendance", True),
        ("API action items", f"/api/v1/events/{slug}/action-items", True),
        ("API issues", f"/api/v1/events/{slug}/issues", True),
    ]


def exports(event: dict) -> list[tuple[str, str]]:
    slug, sid = event["slug"], event["session_id"]
    return [("registrations CSV", f"/events/{slug}/registrations.csv"),
            ("registrations XLSX", f"/events/{slug}/registrations.xlsx"),
            ("registrations print", f"/events/{slug}/registrations/print"),
            ("daftar hadir XLSX (event)", f"/events/{slug}/attendance/daftar-hadir.xlsx"),
            ("daftar hadir XLSX (session)", f"/events/{slug}/attendance/daftar-hadir.xlsx?session={sid}"),
            ("daftar hadir PDF (session)", f"/events/{slug}/attendance/daftar-hadir.pdf?session={sid}")]


def measure(app, client, path: str, headers: dict) -> tuple[float, int, int]:
    """(median ms, statements of one request, status)."""
    from lokakarya.extensions import db
    from tests.conftest import count_queries

    with app.app_context():
        engine = db.engine
    with count_queries(engine) as counter:
        response = client.get(path, headers=headers)
    status = response.status_code
    times = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        client.get(path, headers=headers)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), counter[0], status


def over_http(instance: str, app, api: dict, event: dict) -> bool:
    """The same pages of the national event through gunicorn with 2 workers, one request after
    another (median of ROUNDS), with /healthz from the same client as the machine's ceiling.
    The signed-in session is a test client's cookie (same SECRET_KEY; the session is bound to the
    address and User-Agent, sent alike). True when one missed."""
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "app:app"], cwd=ROOT, env=environment(instance))
    browser = {"User-Agent": "lokakarya-bench"}
    client = app.test_client()
    assert client.post("/login", data={"email": EMAIL, "password": PASSWORD}, headers=browser).status_code == 302
    cookie = {**browser, "Cookie": f"session={client.get_cookie('session').value}"}

    def median_ms(path: str, headers: dict) -> tuple[float, int]:
        times, status = [], 0
        for _ in range(ROUNDS + 1):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            began = time.perf_counter()
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
            answer.read()
            times.append((time.perf_counter() - began) * 1000)
            status = answer.status
            connection.close()
        return statistics.median(times[1:]), status  # the first warms the worker that took it

    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        ceiling, _ = median_ms("/healthz", {})
        print(f"through gunicorn (2 workers), median ms; /healthz (the ceiling) {ceiling:.1f}")
        failed = False
        for name, path, is_api in pages(event):
            median, status = median_ms(path, api if is_api else cookie)
            ok = status == 200 and median <= TARGET_MS
            failed |= not ok
            print(f"{name:34s} {median:10.1f} {status} {'ok' if ok else 'MISSED'}")
        return failed
    finally:
        server.terminate()
        server.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_mb(field: str) -> float:
    """VmRSS (resident now) or VmHWM (its peak) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def fetch_export(path: str) -> None:
    """In a process of its own: sign in, fetch `path` reading the body chunk by chunk as it
    streams, print JSON: seconds, the peak resident memory of the process during the request
    (VmHWM, reset before it: signing in hashes a password with scrypt, which peaks on its own)
    and the memory resident before it."""
    instance = tempfile.mkdtemp(prefix="lk-national-export-")
    app = make_app(instance)
    client = app.test_client()
    client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    client.get("/healthz")
    before = status_mb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the resident size now
    began = time.perf_counter()
    response = client.get(path, buffered=False)
    size = chunks = 0
    for chunk in response.response:
        size += len(chunk)
        chunks += 1
    response.close()
    seconds = time.perf_counter() - began
    print(json.dumps({"status": response.status_code, "seconds": seconds, "peak_mb": status_mb("VmHWM"),
                      "before_mb": before, "bytes": size, "chunks": chunks,
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--export":
        fetch_export(sys.argv[2])
        return
    instance = tempfile.mkdtemp(prefix="lk-national-")
    app = make_app(instance)
    began = time.perf_counter()
    if os.environ.get("BENCH_REUSE") == "1":  # the data of an earlier run, left in the database
        from lokakarya.auth.models import User
        from lokakarya.auth.tokens import issue_api_token
        from lokakarya.extensions import db

        with app.app_context():
            token = issue_api_token(db.session.execute(db.select(User).where(User.email == EMAIL)).scalar_one())
            db.session.commit()
            from lokakarya.events.models import Event
            found = {e.slug: {"slug": e.slug, "session_id": min(s.id for s in e.sessions)}
                     for e in db.session.execute(db.select(Event)).scalars()}
        seeded = {"token": token, "small": found["bench-kecil"], "big": found["bench-nasional"]}
    else:
        seeded = prepare(app)
    print(f"PostgreSQL {URL.rsplit('@', 1)[-1]}: 38 provinces, {AGENCIES:,} agencies, {REGISTRATIONS:,} "
          f"registrations, {SESSIONS} sessions, {ATTENDANCE:,} attendance rows, {ITEMS:,} action items, "
          f"{UPDATES:,} updates; seeded in {time.perf_counter() - began:.0f} s; load {os.getloadavg()[0]:.2f}")
    client = app.test_client()
    assert client.post("/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 302
    api = {"Authorization": f"Bearer {seeded['token']}"}
    failed = False
    print(f"{'page / list':34s} {'median ms':>10s} {'statements small/national':>26s}")
    for (name, path, is_api), (_, small_path, _) in zip(pages(seeded["big"]), pages(seeded["small"]), strict=True):
        headers = api if is_api else {}
        _, small_count, _ = measure(app, client, small_path, headers)
        median, count, status = measure(app, client, path, headers)
        ok = status == 200 and median <= TARGET_MS and count == small_count
        failed |= not ok
        print(f"{name:34s} {median:10.1f} {small_count:>13d} / {count:<10d} {status} {'ok' if ok else 'MISSED'}")
    if os.environ.get("BENCH_SKIP_HTTP") != "1":
        failed |= over_http(instance, app, api, seeded["big"])
    if os.environ.get("BENCH_SKIP_EXPORTS") != "1":
        print(f"{'export (20,000 rows)':34s} {'seconds':>10s} {'peak MB':>8s} {'MB':>6s} {'chunks':>7s}")
        for name, path in exports(seeded["big"]):
            out = subprocess.run([sys.executable, __file__, "--export", path], capture_output=True, text=True,
                                 env=environment(instance), cwd=ROOT)
            try:
                got = json.loads(out.stdout.strip().splitlines()[-1])
            except (IndexError, ValueError):
                print(f"{name:34s} failed: {out.stderr[-500:]}")
                failed = True
                continue
            ok = got["status"] == 200 and got["seconds"] <= EXPORT_SECONDS and got["peak_mb"] <= EXPORT_MB
            failed |= not ok
            print(f"{name:34s} {got['seconds']:10.2f} {got['peak_mb']:8.0f} {got['bytes'] / 1e6:6.1f} "
                  f"{got['chunks']:7d} (resident before the request {got['before_mb']:.0f} MB) "
                  f"{got['status']} {'ok' if ok else 'MISSED'}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
