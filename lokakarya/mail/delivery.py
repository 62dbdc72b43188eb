"""Deliver due outbox messages: retries with backoff, then a visible 'failed' state."""
from collections.abc import Callable
from datetime import timedelta

from flask import current_app

from lokakarya.core.claims import claim_due
from lokakarya.extensions import db
from lokakarya.mail.deferred import Undeliverable
from lokakarya.mail.lanes import Lanes
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


# Messages claimed (and composed) in one transaction, and whose outcomes are committed together.
# A process that dies mid-batch leaves the batch's messages claimed: they are sent again after
# LEASE, so a crash resends at most the messages of the batch in hand that the server had
# already taken (at most CLAIM_BATCH); a commit per batch rather than per message is what lets
# one pass send hundreds of messages a second (bench/mail_bench.py).
CLAIM_BATCH = 50


def never() -> bool:
    return False


def deliver_due(limit: int = 100, transport=None, stop: Callable[[], bool] = never) -> dict[str, int]:
    """One delivery pass over one connection to the mail server (MAIL_CONNECTIONS: several at once).

    Messages are claimed a batch at a time and committed, composed, before the server is
    spoken to (several passes run at once on PostgreSQL, each skipping what another holds; on
    SQLite no write lock is held while the server talks); the outcomes of a batch are committed
    together once the server has answered for each (see CLAIM_BATCH). If no connection can be
    opened the pass stops: the message that tried is retried later, the rest of its batch is
    given back. When `stop()` turns true (a worker asked to exit) the pass ends after the
    message in hand and gives the rest of its batch back.
    """
    transport = transport or transport_for(current_app.config)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    with Lanes(transport, current_app.config.get("MAIL_CONNECTIONS", 1)) as lanes:
        while sum(counts.values()) < limit and not stop():
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
                    ready.append((message, (message.id, message.recipient, raw)))
            db.session.commit()  # composed bytes are kept before any is sent: a resend is the same
            outcomes = lanes.send([item for _, item in ready], stop)
            sent, unavailable = [], False
            for message, (message_id, *_) in ready:
                if message_id not in outcomes:  # not tried: due again at once
                    _release([message])
                elif (exc := outcomes[message_id]) is None:
                    sent.append(message_id)
                    counts["sent"] += 1
                else:
                    counts[_failed(message, exc)] += 1
                    unavailable = unavailable or isinstance(exc, ServerUnavailable)
            _mark_sent(sent)
            db.session.commit()
            if unavailable:
                break
    return counts


def _mark_sent(message_ids: list[int]) -> None:
    """The batch's delivered messages in one UPDATE (the failed ones are written by the flush)."""
    if message_ids:
        db.session.execute(
            db.update(OutboxMessage).where(OutboxMessage.id.in_(message_ids))
            .values(status="sent", sent_at=now_utc(), last_error=None)
            .execution_options(synchronize_session=False))


def _claim(size: int) -> list[OutboxMessage]:
    """The first due messages, taken for this pass: one UPDATE, atomic on SQLite too, whose rows
    are chosen with SKIP LOCKED on PostgreSQL so concurrent passes take different ones."""
    now = now_utc()
    due = (OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
    claimed = claim_due(OutboxMessage, due, {"attempts": OutboxMessage.attempts + 1,
                                             "next_attempt_at": now + LEASE}, size)
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
