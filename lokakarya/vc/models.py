"""The vc worker's queue (vc_tasks) and the people registered in a provider's meeting."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lokakarya.extensions import db
from lokakarya.timeutil import UTCDateTime, now_utc

TASK_KINDS = ("create", "update", "cancel")
TASK_STATUSES = ("queued", "done", "failed")
REGISTRANT_STATES = ("pending", "registered", "cancelling", "cancelled", "failed")


class VcTask(db.Model):
    """One provider call to make for a meeting: create, update (read the session at run time)
    or cancel. Like the mail outbox: claimed with a lease, retried with backoff, then failed."""

    __tablename__ = "vc_tasks"
    __table_args__ = (Index("ix_vc_tasks_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept when the meeting row goes (a cancel still knows what to cancel).
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(10))  # one of TASK_KINDS
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class VcRegistrant(db.Model):
    """A registration registered (or to register, or to cancel) in a provider's meeting."""

    __tablename__ = "vc_registrants"
    __table_args__ = (UniqueConstraint("meeting_id", "registration_id"),
                      Index("ix_vc_registrants_due", "state", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="pending")  # one of REGISTRANT_STATES
    provider_registrant_id: Mapped[str] = mapped_column(String(200), default="")
    # The person's own join URL (Zoom's carries their token): shown to them only, via /r/…/join.
    join_url: Mapped[str] = mapped_column(String(1000), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    last_error: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, onupdate=now_utc)
