from datetime import datetime

from sqlalchemy import JSON, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lokakarya.extensions import db
from lokakarya.timeutil import UTCDateTime, now_utc

OUTBOX_STATUSES = ("queued", "sent", "failed")


class OutboxMessage(db.Model):
    """A message written in the transaction that caused it; delivered afterwards.

    `draft` holds what the message says (JSON, see mail/drafts.py), or a reference to what it
    will say (mail/deferred.py), written when first needed. The RFC 5322 bytes are composed
    once, when first needed (delivery), and kept in `composed`, so every retry sends exactly
    the same message; a request that queues six messages does not build six MIME trees.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(50), default="")  # e.g. "password_reset"
    draft: Mapped[dict] = mapped_column(JSON)
    composed: Mapped[bytes | None] = mapped_column("raw", LargeBinary)
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def raw(self) -> bytes:
        """The complete message as it goes on the wire, composed on first use and kept.

        Rows composed before messages were written for the wire (bare LF, 8-bit bodies) are
        put right once, keeping their Message-ID (mail/wire.py)."""
        if self.composed is not None:
            from lokakarya.mail.wire import for_the_wire

            fixed = for_the_wire(self.composed)
            if fixed is not self.composed:
                self.composed = fixed
        else:
            from flask import current_app

            from lokakarya.mail.compose import compose, wire_bytes
            from lokakarya.mail.deferred import is_deferred, render
            from lokakarya.mail.drafts import from_json, to_json

            if is_deferred(self.draft):
                written = render(self.draft)
                # The writer settles the address (a registrant may have corrected theirs).
                self.draft, self.recipient = to_json(written), written.to
            base_host = current_app.config["BASE_URL"].split("://", 1)[-1].split("/")[0].split(":")[0]
            self.composed = wire_bytes(compose(from_json(self.draft), current_app.config["MAIL_FROM"],
                                               domain=base_host or "lokakarya.local"))
        return self.composed
