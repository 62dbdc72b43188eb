"""Registration rush: gunicorn (2 workers) on PostgreSQL, 2,000 registrations from 32 concurrent
clients to one event (capacity 1,500, quota 40 per agency across 60 agencies; a quarter of
the people come from five busy agencies, so their quotas fill before the capacity does).

Prints registrations per second, p50/p95/p99 latency, confirmed/waitlisted counts, an
overbooking check, errors, SQL statements per registration, the same client against /healthz
as the ceiling, and how long the mail worker then takes to write and deliver the messages.
Targets on a 2-core machine: >= 300 reg/s, p99 <= 300 ms, zero overbooking, zero errors.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/lk_registration_bench \
        .venv/bin/python bench/registration_bench.py
The database is emptied and rebuilt by the migrations first: use one of its own.

BENCH_SILENT_SMTP=1 runs the rush with MAIL_DELIVER_INLINE=true and MAIL_URL pointing at an SMTP
server that accepts connections and never answers (bench/mail_bench.py does): registration
latency must not depend on the mail server. BENCH_REGISTRATIONS changes the count (2,000).

BENCH_PREFILL=20000 first fills the event with that many confirmed registrations (bulk inserts,
from 1,700 other agencies of provinces not in the rush, mostly confirmed, some waitlisted,
cancelled or rejected) and raises the capacity by as many seats, so the rush decides the same
seats as without them: the cost of a registration must not grow with the registrations already
there (target at 20,000: p99 <= 200 ms, the throughput of the empty event). BENCH_SKIP_MAIL=1
leaves out the mail worker's pass afterwards.
"""
import asyncio
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/lk_registration_bench")
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "2000"))
CLIENTS, CAPACITY, AGENCIES, PER_AGENCY = 32, 1500, 60, 40
# A quota per province as well (e.g. 400): the seat count then joins the agencies.
PER_PROVINCE = int(os.environ.get("BENCH_PROVINCE_QUOTA", "0")) or None
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))  # 1: sync workers; more: gthread
SILENT_SMTP = os.environ.get("BENCH_SILENT_SMTP") == "1"
SLUG = "bench-rush"
PREFILL = int(os.environ.get("BENCH_PREFILL", "0"))
PREFILL_AGENCIES = 1_700
RUSH_PROVINCES = ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21")
mail_url = ""  # the silent SMTP server's, with BENCH_SILENT_SMTP=1


def environment(instance: str) -> dict:
    mail = {"MAIL_DELIVER_INLINE": "true", "MAIL_URL": mail_url} if SILENT_SMTP else {"MAIL_DELIVER_INLINE": "false"}
    return {**os.environ, "DATABASE_URL": URL, "RATELIMIT_ENABLED": "false", **mail,
            "SECRET_KEY": "bench-secret", "INSTANCE_PATH": instance, "BASE_URL": "http://bench.local"}


def prepare(instance: str) -> list[int]:
    """Empty schema, migrations, one open event with its agencies (not timed)."""
    os.environ.update(environment(instance))
    from datetime import timedelta

    from flask_migrate import upgrade

    from lokakarya import create_app
    from lokakarya.agencies.models import Agency
    from lokakarya.events.models import Event, EventSession, InvitedProvince
    from lokakarya.extensions import db
    from lokakarya.timeutil import now_utc
    from tests.conftest import reset_schema

    reset_schema(URL)
    app = create_app({"SQLALCHEMY_DATABASE_URI": URL})
    with app.app_context():
        upgrade()
        now = now_utc()
        provinces = RUSH_PROVINCES
        event = Event(slug=SLUG, title="Lokakarya nasional (bench)", status="published",
                      registration_opens_at=now - timedelta(hours=1),
                      registration_closes_at=now + timedelta(days=1), capacity=CAPACITY + PREFILL,
                      quota_per_agency=PER_AGENCY, quota_per_province=PER_PROVINCE)
        # A small twin, to count the statements of a registration that gets a seat and of one
        # that does not.
        twin = Event(slug=f"{SLUG}-count", title="Hitung", status="published", capacity=5,
                     registration_opens_at=event.registration_opens_at,
                     registration_closes_at=event.registration_closes_at,
                     quota_per_agency=PER_AGENCY, quota_per_province=PER_PROVINCE)
        for one in (event, twin):
            one.invited = [InvitedProvince(province_code=code) for code in provinces]
            for i in range(5):
                start = now + timedelta(days=3, hours=i)
                one.sessions.append(EventSession(title=f"Sesi {i + 1}", starts_at=start,
                                                 ends_at=start + timedelta(minutes=50), position=i))
        agencies = [Agency(name=f"Dinas {i}", kind="dukcapil", province_code=provinces[i % len(provinces)])
                    for i in range(AGENCIES)]
        db.session.add_all([event, twin, *agencies])
        db.session.commit()
        ids = [a.id for a in agencies]
        if PREFILL:
            prefill(event.id)
        db.engine.dispose()
    return ids


def prefill(event_id: int) -> None:
    """PREFILL registrations already in the event (every 20th not holding a seat), from agencies
    of other provinces: bulk inserts, then VACUUM ANALYZE as autovacuum would leave the table."""
    import sqlalchemy as sa

    from lokakarya.agencies.models import Agency
    from lokakarya.extensions import db
    from lokakarya.regions.models import Province
    from lokakarya.registration.models import Registration, new_token
    from lokakarya.timeutil import now_utc

    others = list(db.session.execute(db.select(Province.code).where(Province.code.notin_(RUSH_PROVINCES))).scalars())
    db.session.execute(sa.insert(Agency), [{"name": f"Instansi lain {n}", "kind": "other",
                                            "province_code": others[n % len(others)], "approved": True}
                                           for n in range(PREFILL_AGENCIES)])
    agency_ids = list(db.session.execute(db.select(Agency.id).where(Agency.name.like("Instansi lain %"))).scalars())
    now = now_utc()
    statuses = ["confirmed"] * 19 + ["waitlisted"]
    rows = [{"event_id": event_id, "agency_id": agency_ids[n % len(agency_ids)], "name": f"Peserta lama {n}",
             "nip": f"19700101{n:010d}", "position": "Analis", "email": f"lama{n}@example.go.id",
             "phone": "+6281200000000", "status": statuses[n % 20], "token": new_token(), "locale": "id",
             "created_at": now, "status_changed_at": now} for n in range(PREFILL)]
    for start in range(0, len(rows), 5_000):
        db.session.execute(sa.insert(Registration), rows[start:start + 5_000])
    held = sum(1 for r in rows if r["status"] == "confirmed")
    # The capacity was raised by PREFILL; what is not held (the waitlisted) comes off again.
    db.session.execute(sa.text("UPDATE events SET capacity = :c WHERE id = :id"),
                       {"c": CAPACITY + held, "id": event_id})
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(instance: str, port: int) -> subprocess.Popen:
    args = [str(ROOT / ".venv/bin/gunicorn"), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
            "--backlog", "2048", "--log-level", "warning", "app:app"]
    if THREADS > 1:
        args[1:1] = ["-k", "gthread", "--threads", str(THREADS)]
    server = subprocess.Popen(args, cwd=ROOT, env=environment(instance))
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def nip_for(n: int) -> str:
    # Unique, valid NIPs: the birth day and serial vary with n.
    day = 1 + n % 28
    return f"198609{day:02d}2015051{n // 28 + 1:03d}"


class _Exchange(asyncio.Protocol):
    """One request on a connection of its own; gunicorn's sync workers close it after the answer.
    A protocol rather than asyncio's streams: 0.43 instead of 0.48-0.58 ms of the shared CPUs per
    registration sent."""

    def __init__(self, request: bytes, answered: asyncio.Future):
        self.request, self.answered, self.chunks = request, answered, []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if exc is not None:
            self.answered.set_exception(exc)
        else:
            self.answered.set_result(b"".join(self.chunks))


def run(port: int, requests_: list[tuple[str, str, bytes | None]]) -> tuple[float, list[float], Counter, list]:
    """Send the requests from CLIENTS concurrent connections (asyncio, so the client itself
    stays light on the shared CPUs); (seconds, latencies, statuses, answers)."""
    latencies, statuses, answers = [], Counter(), []
    queue = iter(requests_)

    async def one(method: str, path: str, payload: bytes | None) -> None:
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(payload or b'')}\r\n\r\n")
        loop = asyncio.get_running_loop()
        answered = loop.create_future()
        began = time.perf_counter()
        try:
            await loop.create_connection(lambda: _Exchange(head.encode() + (payload or b""), answered),
                                         "127.0.0.1", port)
            raw = await answered
            status = int(raw.split(b" ", 2)[1])
        except (OSError, IndexError, ValueError) as exc:
            status, raw = f"error: {exc}", b""
        latencies.append(time.perf_counter() - began)
        statuses[status] += 1
        if status == 201:
            answers.append(json.loads(raw.split(b"\r\n\r\n", 1)[1])["status"])

    async def client() -> None:
        for method, path, payload in queue:
            await one(method, path, payload)

    async def main() -> float:
        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        return time.perf_counter() - began

    return asyncio.run(main()), latencies, statuses, answers


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def report(name: str, seconds: float, latencies: list[float], statuses: Counter) -> None:
    print(f"{name}: {len(latencies)} requests in {seconds:.2f} s = {len(latencies) / seconds:.0f}/s; "
          f"p50 {percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms, "
          f"p99 {percentile(latencies, 99):.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms; "
          f"statuses {dict(statuses)}")


def check_database() -> dict:
    import sqlalchemy as sa

    engine = sa.create_engine(URL)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT r.status, r.agency_id, a.province_code, count(*) FROM registrations r "
            "JOIN events e ON e.id = r.event_id JOIN agencies a ON a.id = r.agency_id "
            "WHERE e.slug = :slug GROUP BY r.status, r.agency_id, a.province_code"), {"slug": SLUG}).all()
        outbox = conn.execute(sa.text("SELECT count(*) FROM outbox_messages")).scalar()
    engine.dispose()
    by_status, by_agency, by_province = Counter(), Counter(), Counter()
    for status, agency_id, province_code, count in rows:
        by_status[status] += count
        if status in ("confirmed", "pending"):
            by_agency[agency_id] += count
            by_province[province_code] += count
    return {"by_status": dict(by_status), "max_per_agency": max(by_agency.values(), default=0),
            "max_per_province": max(by_province.values(), default=0), "outbox": outbox}


def statements_per_registration(agency_ids: list[int]) -> dict[str, float]:
    """Register ten people in-process at the twin event (five seats) and count the SQL
    statements of each, by outcome (without BEGIN and COMMIT)."""
    from lokakarya import create_app
    from lokakarya.extensions import db
    from tests.conftest import count_queries

    app = create_app({"SQLALCHEMY_DATABASE_URI": URL, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    counts: dict[str, list[int]] = {}
    for n in range(1, 11):
        with count_queries(engine) as counter:
            response = client.post(f"/api/v1/events/{SLUG}-count/registrations", data=payload(n, agency_ids),
                                   content_type="application/json")
        assert response.status_code == 201, response.get_data(as_text=True)
        counts.setdefault(response.get_json()["status"], []).append(counter[0])
    return {status: statistics.mean(seen) for status, seen in counts.items()}


def deliver_queued() -> tuple[int, float]:
    """What the mail worker then does (`flask mail deliver`, to .eml files): write every queued
    message, the confirmations queueing one invitation per session, and deliver them."""
    from lokakarya import create_app
    from lokakarya.mail.delivery import deliver_due

    app = create_app({"SQLALCHEMY_DATABASE_URI": URL})
    sent, began = 0, time.perf_counter()
    with app.app_context():
        while True:
            counts = deliver_due(limit=1000)
            sent += counts["sent"]
            if not any(counts.values()):
                break
    return sent, time.perf_counter() - began


def payload(n: int, agency_ids: list[int]) -> bytes:
    return json.dumps({
        "name": f"Peserta Bench {n}", "nip": nip_for(n), "position": "Analis",
        "email": f"bench{n}@example.go.id", "phone": f"0812{n:08d}",
        "agency_id": agency_ids[n % 5] if n % 4 == 0 else agency_ids[n % len(agency_ids)], "consent": True,
    }).encode()


def main() -> None:
    global mail_url
    instance = tempfile.mkdtemp(prefix="lokakarya-registration-bench-")
    if SILENT_SMTP:
        from tests.smtp_servers import SilentServer

        silent = SilentServer().__enter__()
        mail_url = silent.url
    agency_ids = prepare(instance)
    port = free_port()
    server = start_gunicorn(instance, port)
    try:
        print(f"gunicorn: {WORKERS} workers{f' x {THREADS} threads' if THREADS > 1 else ''}; "
              f"{CLIENTS} clients; PostgreSQL {URL.rsplit('@', 1)[-1]}; "
              f"quota per province {PER_PROVINCE or 'none'}; {REGISTRATIONS} registrations"
              + (f" into an event already holding {PREFILL:,} (from {PREFILL_AGENCIES:,} other agencies)"
                 if PREFILL else "")
              + ("; MAIL_DELIVER_INLINE=true to an SMTP server that never answers" if SILENT_SMTP else ""))
        run(port, [("GET", "/healthz", None)] * 200)  # warm up
        seconds, latencies, statuses, _ = run(port, [("GET", "/healthz", None)] * REGISTRATIONS)
        report("ceiling  /healthz", seconds, latencies, statuses)
        path = f"/api/v1/events/{SLUG}/registrations"
        seconds, latencies, statuses, answers = run(
            port, [("POST", path, payload(n, agency_ids)) for n in range(1, REGISTRATIONS + 1)])
        report("register POST", seconds, latencies, statuses)
    finally:
        server.terminate()
        server.wait(timeout=30)
    held = check_database()
    errors = sum(count for status, count in statuses.items() if status != 201)
    confirmed = held["by_status"].get("confirmed", 0) + held["by_status"].get("pending", 0)
    capacity = CAPACITY + (PREFILL - PREFILL // 20 if PREFILL else 0)
    overbooked = (confirmed > capacity or held["max_per_agency"] > PER_AGENCY
                  or (PER_PROVINCE is not None and held["max_per_province"] > PER_PROVINCE))
    print(f"answers: {dict(Counter(answers))}; database: {held['by_status']}, "
          f"most seats of one agency {held['max_per_agency']} (quota {PER_AGENCY}), "
          f"of one province {held['max_per_province']} (quota {PER_PROVINCE or 'none'}), "
          f"{held['outbox']} messages queued")
    print(f"registrations lost: {REGISTRATIONS + PREFILL - sum(held['by_status'].values())}; errors: {errors}; "
          f"overbooking: {'YES' if overbooked else 'none'} (capacity {capacity})")
    if SILENT_SMTP:
        print(f"silent SMTP server: {silent.connections} connections held, none answered; "
              f"the messages stay queued for a later pass")
        silent.__exit__()
    elif os.environ.get("BENCH_SKIP_MAIL") == "1":
        print("mail worker afterwards: left out (BENCH_SKIP_MAIL=1)")
    else:
        sent, seconds_mail = deliver_queued()
        print(f"mail worker afterwards: {sent} messages written and delivered in {seconds_mail:.1f} s "
              f"= {sent / seconds_mail:.0f}/s (one process)")
    statements = statements_per_registration(agency_ids)
    print("SQL statements per registration: " + ", ".join(f"{n:.0f} {status}" for status, n in statements.items()))
    shutil.rmtree(instance, ignore_errors=True)
    rate = REGISTRATIONS / seconds
    p99 = percentile(latencies, 99)
    p99_target = 200 if PREFILL else 300
    verdict = rate >= 300 and p99 <= p99_target and not overbooked and errors == 0
    print(f"targets (>= 300 reg/s, p99 <= {p99_target} ms, no overbooking, no errors): "
          f"{'met' if verdict else 'NOT met'}; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
