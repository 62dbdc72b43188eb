"""Deliver due outbox messages: retries with backoff, then a visible 'failed' state."""
from datetime import timedelta

from flask import current_app

from lokakarya.extensions import db
from lokakarya.mail.deferred import Undeliverable
from lokakarya.mail.models import OutboxMessage
from lokakarya.mail.transports import transport_for
from lokakarya.timeutil import now_utc

MAX_ATTEMPTS = 8


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most six hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def deliver_due(limit: int = 100, transport=None) -> dict[str, int]:
    """One delivery pass. Commits per message so a crash never resends a delivered one.

    On PostgreSQL, rows are claimed with SKIP LOCKED so several workers can run at once.
    """
    transport = transport or transport_for(current_app.config)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for _ in range(limit):
        query = (
            db.select(OutboxMessage)
            .where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now_utc())
            .order_by(OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        message = db.session.execute(query).scalar_one_or_none()
        if message is None:
            break
        message.attempts += 1
        try:
            raw = message.raw  # first: writing a deferred message may settle its recipient
            transport.send(message.id, message.recipient, raw)
        except Exception as exc:  # kept and retried later, unless retrying cannot help
            message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if isinstance(exc, Undeliverable) or message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"
                counts["failed"] += 1
            else:
                message.next_attempt_at = now_utc() + backoff(message.attempts)
                counts["retry"] += 1
        else:
            message.status = "sent"
            message.sent_at = now_utc()
            message.last_error = None
            counts["sent"] += 1
        db.session.commit()
    return counts


def retry_failed(message_ids: list[int] | None = None) -> int:
    """Put failed messages back in the queue (after SMTP is fixed)."""
    query = db.select(OutboxMessage).where(OutboxMessage.status == "failed")
    if message_ids:
        query = query.where(OutboxMessage.id.in_(message_ids))
    rows = db.session.execute(query).scalars().all()
    for row in rows:
        row.status, row.attempts, row.next_attempt_at = "queued", 0, now_utc()
    return len(rows)
