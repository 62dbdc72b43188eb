"""Queue mail in the current transaction; the caller's commit makes it durable."""
from flask import current_app, g
from sqlalchemy.orm import Session

from lokakarya.extensions import db
from lokakarya.mail.compose import Draft, compose
from lokakarya.mail.models import OutboxMessage


def queue(draft: Draft, kind: str = "", session: Session | None = None) -> OutboxMessage:
    """Add the message to the outbox (flush, never commit)."""
    session = session or db.session
    base_host = current_app.config["BASE_URL"].split("://", 1)[-1].split("/")[0].split(":")[0]
    message = compose(draft, current_app.config["MAIL_FROM"], domain=base_host or "lokakarya.local")
    row = OutboxMessage(
        recipient=draft.to, subject=draft.subject, kind=kind, raw=message.as_bytes()
    )
    session.add(row)
    session.flush()
    g.mail_queued = True  # lets inline delivery run once this request has committed
    return row
