"""What /healthz tells about background work: the newest worker heartbeat and the mail that is
waiting (two statements, whatever the size of the queue)."""
from datetime import timedelta

from sqlalchemy import func

from lokakarya.extensions import db
from lokakarya.mail.models import OutboxMessage
from lokakarya.timeutil import now_utc
from lokakarya.worker.models import WorkerHeartbeat

# A worker beats every heartbeat.HEARTBEAT (10 s) between delivery passes; one silent for this long is stalled.
STALE_AFTER = timedelta(seconds=60)


def worker_status() -> dict:
    now = now_utc()
    last_beat, alive = db.session.execute(
        db.select(func.max(WorkerHeartbeat.beat_at),
                  func.count().filter(WorkerHeartbeat.beat_at >= now - STALE_AFTER))
    ).one()
    due, oldest = db.session.execute(
        db.select(func.count(), func.min(OutboxMessage.next_attempt_at))
        .where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
    ).one()
    return {
        "last_heartbeat": last_beat.isoformat() if last_beat else None,
        "heartbeat_age_seconds": round((now - last_beat).total_seconds(), 1) if last_beat else None,
        "workers": alive,
        "mail_due": due,
        "oldest_due_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0,
    }


def stalled(status: dict) -> bool:
    """Work is waiting and no worker has beaten within STALE_AFTER."""
    return status["mail_due"] > 0 and status["workers"] == 0

