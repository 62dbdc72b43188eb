"""Queue mail in the current transaction; the caller's commit makes it durable."""
from flask import g
from sqlalchemy.orm import Session

from lokakarya.extensions import db
from lokakarya.mail.compose import Draft
from lokakarya.mail.drafts import to_json
from lokakarya.mail.models import OutboxMessage


def queue(draft: Draft, kind: str = "", session: Session | None = None,
          flush: bool = True) -> OutboxMessage:
    """Add the message to the outbox (never commit). `flush=False` leaves the INSERT to the
    caller's commit, so several messages of one request go to the database in one statement."""
    session = session or db.session
    row = OutboxMessage(recipient=draft.to, subject=draft.subject, kind=kind, draft=to_json(draft))
    session.add(row)
    if flush:
        session.flush()
    g.mail_queued = True  # lets inline delivery run once this request has committed
    return row


def deferred_message(recipient: str, subject: str, kind: str, reference: dict) -> OutboxMessage:
    """A message written at delivery (mail/deferred.py), for the caller to add to the session
    or to insert at once (core/writes.py)."""
    g.mail_queued = True
    return OutboxMessage(recipient=recipient, subject=subject, kind=kind, draft=reference)


def queue_deferred(recipient: str, subject: str, kind: str, reference: dict) -> OutboxMessage:
    """Add a message written at delivery (mail/deferred.py); inserted at the next flush."""
    row = deferred_message(recipient, subject, kind, reference)
    db.session.add(row)
    return row
