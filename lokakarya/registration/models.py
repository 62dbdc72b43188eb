import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.timeutil import UTCDateTime, now_utc

REGISTRATION_STATUSES = ("pending", "confirmed", "waitlisted", "cancelled", "rejected")


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits: the participant's key to their own page


class Registration(db.Model):
    __tablename__ = "registrations"
    # NULLs (anonymised registrations) do not collide in either backend.
    __table_args__ = (
        UniqueConstraint("event_id", "email"),
        UniqueConstraint("event_id", "nip"),
        # Seat counts per agency from the index alone; lists a page at a time in arrival order
        # and, for attendance, by name (migrations/versions/0013_national.py).
        Index("ix_registrations_event_status_agency", "event_id", "status", "agency_id"),
        Index("ix_registrations_event_created", "event_id", "created_at", "id"),
        Index("ix_registrations_event_status_name", "event_id", "status", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    # Personal data; all None once anonymised.
    name: Mapped[str | None] = mapped_column(String(200))
    nip: Mapped[str | None] = mapped_column(String(18))  # digits only
    position: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))  # lower-case
    phone: Mapped[str | None] = mapped_column(String(20))  # +62…
    status: Mapped[str] = mapped_column(String(20), default="pending")
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    locale: Mapped[str] = mapped_column(String(5), default="id")
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
    agency: Mapped[Agency | None] = relationship()

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status}>"
