from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.events.models import EventSession
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.timeutil import UTCDateTime, now_utc

# Where an attendance row comes from; every source is kept side by side.
ATTENDANCE_SOURCES = ("link", "checkin", "manual", "zoom", "teams", "meet")
MANUAL_STATUSES = ("present", "absent", "excused")


class Attendance(db.Model):
    """One registration at one session, as one source saw it."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("registration_id", "session_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(10))  # one of ATTENDANCE_SOURCES
    first_join_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_leave_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes: Mapped[int | None] = mapped_column()
    # Only for manual rows: present / absent / excused.
    status: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, onupdate=now_utc)

    registration: Mapped[Registration] = relationship()
    session: Mapped[EventSession] = relationship()
