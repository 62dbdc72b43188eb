"""A worker's row in worker_heartbeats: written at start, touched every HEARTBEAT, removed at a
clean exit. Rows of workers that died are left to age (health.py reads the newest) and removed
after a day by any worker."""
import os
import secrets
import socket
from datetime import timedelta

from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from lokakarya.worker.models import WorkerHeartbeat

HEARTBEAT = timedelta(seconds=10)
FORGET_AFTER = timedelta(days=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def beat(name: str) -> None:
    now = now_utc()
    updated = db.session.execute(
        db.update(WorkerHeartbeat).where(WorkerHeartbeat.name == name).values(beat_at=now)
    ).rowcount
    if not updated:
        host, pid, _ = name.rsplit(":", 2)
        db.session.add(WorkerHeartbeat(name=name, host=host, pid=int(pid), started_at=now, beat_at=now))
    db.session.execute(db.delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - FORGET_AFTER))
    db.session.commit()


def leave(name: str) -> None:
    db.session.execute(db.delete(WorkerHeartbeat).where(WorkerHeartbeat.name == name))
    db.session.commit()
