"""Deliver due outbox messages: retries with backoff, then a visible 'failed' state."""
from datetime import timedelta

from flask import current_app

from lokakarya.extensions import db
from lokakarya.mail.deferred import Undeliverable
from lokakarya.mail.models import OutboxMessage
from lokakarya.mail.transports import ServerUnavailable, describe, permanent, transport_for
from lokakarya.timeutil import now_utc

MAX_ATTEMPTS = 8
# A claimed message is due again after this long: the pass that claimed it has ended by then, or
# died (a worker that exited), and the next pass sends it.
LEASE = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most six hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


CLAIM_BATCH = 10  # messages claimed (and composed) in one transaction


def deliver_due(limit: int = 100, transport=None) -> dict[str, int]:
    """One delivery pass over one connection to the mail server.

    Messages are claimed a few at a time and committed before the server is spoken to (several
    passes run at once on PostgreSQL, each skipping what another holds; on SQLite no write lock
    is held while the server talks); each outcome is committed as soon as it is known, so a
    crash never resends a delivered message. If no connection can be opened the pass stops:
    the message that tried is retried later, the rest wait for the next pass.
    """
    transport = transport or transport_for(current_app.config)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    with transport.session() as session:
        while counts["sent"] + counts["retry"] + counts["failed"] < limit:
            batch = _claim(min(CLAIM_BATCH, limit - sum(counts.values())))
            if not batch:
                break
            ready = []
            for message in batch:
                try:
                    raw = message.raw  # first: writing a deferred message may settle its recipient
                except Exception as exc:  # kept and retried, unless retrying cannot help
                    counts[_failed(message, exc)] += 1
                else:
                    ready.append((message, message.id, message.recipient, raw))
            db.session.commit()
            for position, (message, message_id, recipient, raw) in enumerate(ready):
                try:
                    session.send(message_id, recipient, raw)
                except Exception as exc:  # refused, broken or silent: this message only
                    counts[_failed(message, exc)] += 1
                    if isinstance(exc, ServerUnavailable):
                        _release([later for later, *_ in ready[position + 1:]])
                        db.session.commit()
                        return counts
                else:
                    message.status, message.sent_at, message.last_error = "sent", now_utc(), None
                    counts["sent"] += 1
                db.session.commit()
    return counts


def _claim(size: int) -> list[OutboxMessage]:
    """The first due messages, taken for this pass: one UPDATE, atomic on SQLite too, whose rows
    are chosen with SKIP LOCKED on PostgreSQL so concurrent passes take different ones."""
    now = now_utc()
    picked = (
        db.select(OutboxMessage.id)
        .where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(size)
        .with_for_update(skip_locked=True)
        .cte("picked")
    )
    claimed = db.session.execute(
        db.update(OutboxMessage)
        .where(OutboxMessage.id == picked.c.id, OutboxMessage.status == "queued",
               OutboxMessage.next_attempt_at <= now)
        .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + LEASE)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).scalars().all()
    if not claimed:
        db.session.commit()
        return []
    return list(db.session.execute(
        db.select(OutboxMessage).where(OutboxMessage.id.in_(claimed)).order_by(OutboxMessage.id)
        .execution_options(populate_existing=True)).scalars())


def _release(messages: list[OutboxMessage]) -> None:
    """Give back claimed messages that were not tried: due again now, the attempt not counted."""
    for message in messages:
        message.attempts -= 1
        message.next_attempt_at = now_utc()


def _failed(message: OutboxMessage, exc: Exception) -> str:
    """Record a failed attempt; 'failed' when retrying cannot help or attempts ran out, else 'retry'."""
    message.last_error = describe(exc)[:1000]
    if isinstance(exc, Undeliverable) or permanent(exc) or message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"
        return "failed"
    message.next_attempt_at = now_utc() + backoff(message.attempts)
    return "retry"


def retry_failed(message_ids: list[int] | None = None) -> int:
    """Put failed messages back in the queue (after SMTP is fixed)."""
    query = db.select(OutboxMessage).where(OutboxMessage.status == "failed")
    if message_ids:
        query = query.where(OutboxMessage.id.in_(message_ids))
    rows = db.session.execute(query).scalars().all()
    for row in rows:
        row.status, row.attempts, row.next_attempt_at = "queued", 0, now_utc()
    return len(rows)
