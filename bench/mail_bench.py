"""Mail delivery: (a) one `deliver_due` pass of N queued messages (a confirmation-sized text with
non-ASCII words, every fifth with a calendar part and a PDF-sized attachment) to a local strict
SMTP server (aiosmtpd, as in the tests), printing messages per second, connections opened and
messages received; (b) the registration rush of bench/registration_bench.py with
MAIL_DELIVER_INLINE=true and MAIL_URL pointing at an SMTP server that never answers, printing
its registration p50/p99 (they must not depend on the mail server).

    .venv/bin/python bench/mail_bench.py                       # (a) on SQLite in a temp dir, then (b)
    BENCH_MESSAGES=5000 DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/mail_bench.py
    BENCH_REGISTRATIONS=500 BENCH_DATABASE_URL=… .venv/bin/python bench/mail_bench.py   # (b) shorter
    BENCH_SKIP_RUSH=1 …                                        # (a) only
(b) needs PostgreSQL (BENCH_DATABASE_URL, emptied first; see bench/registration_bench.py).

(c) on PostgreSQL (DATABASE_URL): `flask worker` processes (one, then two: BENCH_WORKERS=1,2)
(MAIL_CONNECTIONS=BENCH_CONNECTIONS, 4) started and idle, then N messages queued in one commit (its NOTIFY wakes them); prints messages
per second from that commit to the last message the server accepted, and what the server got:
received, distinct, duplicates, lost.

    BENCH_SKIP_RUSH=1 DATABASE_URL=postgresql+psycopg://…/lk_bench .venv/bin/python bench/mail_bench.py
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "2000"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))  # (c): each worker's MAIL_CONNECTIONS


def deliver_batch() -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp())
    from flask_migrate import upgrade

    from lokakarya import create_app
    from lokakarya.extensions import db
    from lokakarya.mail.delivery import deliver_due
    from tests.conftest import reset_schema
    from tests.smtp_servers import StrictSmtpServer

    reset_schema(url)
    with StrictSmtpServer() as server:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MAIL_URL": server.url, "RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade()
            queue_messages(MESSAGES)
            began = time.perf_counter()
            counts = deliver_due(limit=MESSAGES)
            seconds = time.perf_counter() - began
            db.engine.dispose()
        received = len(server.messages)
        print(f"(a) one pass: {MESSAGES} messages in {seconds:.2f} s = {MESSAGES / seconds:.0f} messages/s "
              f"(composed and sent; {url.split(':', 1)[0]}); {counts}; connections {server.connections}; "
              f"received {received}, distinct {len({raw for _, _, raw in server.messages})}, "
              f"refused {len(server.refused)}")


def queue_messages(count: int) -> None:
    """`count` messages in one commit (the app context's database): a confirmation-sized text with
    non-ASCII words, every fifth with a calendar part and a PDF-sized attachment; subjects "#n"."""
    from lokakarya.extensions import db
    from lokakarya.mail.compose import Attachment, CalendarPart, Draft
    from lokakarya.mail.drafts import to_json
    from lokakarya.mail.models import OutboxMessage

    ics = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:bench@lokakarya\r\n"
           b"SUMMARY:Pembukaan\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    text = ("Halo Déwi,\n\nPendaftaran Anda untuk Lokakarya Penerapan Standar Pelayanan Publik — "
            "Wilayah I terkonfirmasi. Sampai jumpa di acara.\n\nHalaman pribadi Anda: "
            "https://lokakarya.example.go.id/r/" + "x" * 43 + "\n") * 3
    for n in range(count):
        extra = {"calendar": CalendarPart(ics, "REQUEST"),
                         "attachments": (Attachment("sertifikat.pdf", "application/pdf", os.urandom(40_000)),)
                 } if n % 5 == 0 else {}
        draft = Draft(to=f"peserta{n}@example.go.id", subject=f"Pendaftaran terkonfirmasi #{n}",
                      text=text, **extra)
        db.session.add(OutboxMessage(recipient=draft.to, subject=draft.subject, kind="bench",
                                     draft=to_json(draft)))
    db.session.commit()


def workers_share_the_queue(workers: int) -> None:
    """(c) `workers` × `flask worker` against one aiosmtpd (in this process), on PostgreSQL."""
    import email
    from collections import Counter
    from email import policy

    from flask_migrate import upgrade

    from lokakarya import create_app
    from lokakarya.extensions import db
    from lokakarya.worker.models import WorkerHeartbeat
    from tests.conftest import reset_schema
    from tests.smtp_servers import StrictSmtpServer
    from tests.worker.processes import start_worker, stop, wait_for

    url = os.environ["DATABASE_URL"]
    reset_schema(url)
    with StrictSmtpServer() as server:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MAIL_URL": server.url, "RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade()
            running = [start_worker(url, Path(tempfile.mkdtemp()), server.url, MAIL_CONNECTIONS=str(CONNECTIONS))
                       for _ in range(workers)]
            try:
                wait_for(lambda: db.session.execute(db.select(db.func.count()).select_from(WorkerHeartbeat))
                         .scalar() == workers, "the workers' heartbeats",
                         workers=running)
                queue_messages(MESSAGES)
                began, server_cpu = time.perf_counter(), time.process_time()
                workers_cpu = sum(cpu_seconds(worker.pid) for worker in running)
                wait_for(lambda: len(server.messages) >= MESSAGES, "every message received",
                         deadline=max(120.0, MESSAGES / 10), workers=running)
                seconds = time.perf_counter() - began
                server_cpu = time.process_time() - server_cpu
                workers_cpu = sum(cpu_seconds(worker.pid) for worker in running) - workers_cpu
                time.sleep(2)  # anything sent twice would arrive now
            finally:
                codes = [stop(worker)[0] for worker in running]
            db.engine.dispose()
    subjects = Counter(email.message_from_bytes(raw, policy=policy.default)["Subject"]
                       for _, _, raw in server.messages)
    received, distinct = sum(subjects.values()), len(subjects)
    print(f"(c) {workers} worker(s), MAIL_CONNECTIONS={CONNECTIONS}: {MESSAGES} messages in {seconds:.2f} s = {MESSAGES / seconds:.0f} messages/s; "
          f"received {received}, distinct {distinct}, duplicates {received - distinct}, "
          f"lost {MESSAGES - distinct}; refused {len(server.refused)}; exit codes {codes}; CPU seconds: "
          f"workers {workers_cpu:.1f}, this process (aiosmtpd) {server_cpu:.1f}", flush=True)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), to tell where the time went."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def registration_rush() -> None:
    env = {**os.environ, "BENCH_SILENT_SMTP": "1"}
    print("(b) registration rush, MAIL_DELIVER_INLINE=true, MAIL_URL = an SMTP server that never answers:",
          flush=True)
    subprocess.run([sys.executable, str(ROOT / "bench/registration_bench.py")], env=env, check=True)


if __name__ == "__main__":
    if os.environ.get("BENCH_SKIP_PASS") != "1":
        deliver_batch()
    if (os.environ.get("DATABASE_URL") or "").startswith("postgresql"):
        for count in os.environ.get("BENCH_WORKERS", "1,2").split(","):
            workers_share_the_queue(int(count))
    if os.environ.get("BENCH_SKIP_RUSH") != "1":
        registration_rush()
