from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.events.models import EventSession
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.timeutil import UTCDateTime, now_utc

# Where an attendance row comes from; every source is kept side by side.
ATTENDANCE_SOURCES = ("link", "checkin", "manual", "zoom", "teams", "meet", "bbb", "live")
MANUAL_STATUSES = ("present", "absent", "excused")


class Attendance(db.Model):
    """One registration at one session, as one source saw it."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("registration_id", "session_id", "source"),
        # The recap's rows per session and source with their latest change, from the index alone.
        Index("ix_attendance_session_source", "session_id", "source", "updated_at"),
    )

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


class SessionAttendanceRule(db.Model):
    """Attendance settings of one session: whether it is mandatory, and its check-in code."""

    __tablename__ = "attendance_session_rules"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    mandatory: Mapped[bool] = mapped_column(default=False)
    # Read out by the host; empty means self check-in needs no code.
    checkin_code: Mapped[str] = mapped_column(String(20), default="")

    session: Mapped[EventSession] = relationship()


class AttendanceImport(db.Model):
    """An uploaded platform report. The file is kept only until the organiser applies it."""

    __tablename__ = "attendance_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending / applied
    format: Mapped[str] = mapped_column(String(20), default="")
    filename: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(40))
    date_order: Mapped[str] = mapped_column(String(3), default="")  # dmy / mdy / "" (decided)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    rows: Mapped[int] = mapped_column(default=0)
    matched: Mapped[int] = mapped_column(default=0)
    unmatched: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when the vc worker pulled this report from the meeting's provider and left people to
    # review: applying it may touch the sessions that meeting holds (locked to uploads).
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))


class NameDecision(db.Model):
    """The organiser's answer for a report identity (e-mail or normalised name) that did not
    match on its own: a registration, or None to ignore it. Reused by every later import."""

    __tablename__ = "attendance_name_decisions"
    __table_args__ = (UniqueConstraint("event_id", "identity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    identity: Mapped[str] = mapped_column(String(300))
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class Presence(db.Model):
    """What the attendance rule makes of one registration's rows at one session (rules.py:
    effective_minutes), kept beside the rows so that a recap of 20,000 people is a GROUP BY.
    Written only by presence.refresh, whenever the rows or the session's times change."""

    __tablename__ = "attendance_presence"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    minutes: Mapped[int | None] = mapped_column()  # None: excused


class Standing(db.Model):
    """One registration's status at its event (hadir / sebagian / tidak_hadir, rules.py: status)
    and its counted minutes. Someone without a row attended nothing: tidak_hadir."""

    __tablename__ = "attendance_standings"
    __table_args__ = (Index("ix_attendance_standings_event_status", "event_id", "status"),)

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    minutes: Mapped[int] = mapped_column(default=0)
