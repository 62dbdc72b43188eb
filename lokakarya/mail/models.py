from datetime import datetime

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lokakarya.extensions import db
from lokakarya.timeutil import UTCDateTime, now_utc

OUTBOX_STATUSES = ("queued", "sent", "failed")


class OutboxMessage(db.Model):
    """A message written in the transaction that caused it; delivered afterwards.

    `raw` holds the complete RFC 5322 message (alternatives, calendar parts, attachments)
    so delivery only moves bytes and a retry sends exactly what was queued.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(50), default="")  # e.g. "password_reset"
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
