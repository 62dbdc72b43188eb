"""Models of the certificates feature. A certificate stores no personal text: the PDF is drawn
from the registration when downloaded, and the public page shows only validity."""
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.timeutil import UTCDateTime, now_utc

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))  # 60 bits


class Certificate(db.Model):
    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("registration_id"), UniqueConstraint("event_id", "serial"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    serial: Mapped[int] = mapped_column()  # 1, 2, … within the event
    code: Mapped[str] = mapped_column(String(20), unique=True, default=new_code)
    status: Mapped[str] = mapped_column(String(10), default="valid")  # valid / revoked
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoke_reason: Mapped[str] = mapped_column(String(300), default="")

    event: Mapped[Event] = relationship()
    registration: Mapped[Registration] = relationship()

    @property
    def number(self) -> str:
        return f"{self.serial:04d}/LK-{self.event_id:03d}/{self.issued_at.year}"

    @property
    def valid(self) -> bool:
        return self.status == "valid"
