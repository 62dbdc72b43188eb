"""Reminders: rules stored as offsets from each session's start, and one delivery row per
(rule, session, registration) that makes sending idempotent."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.timeutil import UTCDateTime, now_utc

# day_before: `days_before` days before the session's local day, at `local_time` in the event's
# zone; minutes_before: `minutes_before` minutes before the start; manual: "send now" (never due).
RULE_KINDS = ("day_before", "minutes_before", "manual")


class ReminderRule(db.Model):
    __tablename__ = "reminder_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    days_before: Mapped[int | None] = mapped_column()
    local_time: Mapped[str | None] = mapped_column(String(5))  # "09:00"
    minutes_before: Mapped[int | None] = mapped_column()
    include_pending: Mapped[bool] = mapped_column(default=False)
    include_waitlisted: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    event: Mapped[Event] = relationship()

    @property
    def statuses(self) -> tuple[str, ...]:
        extra = (("pending",) if self.include_pending else ()) + (
            ("waitlisted",) if self.include_waitlisted else ())
        return ("confirmed", *extra)


class ReminderDelivery(db.Model):
    """Written in the same transaction as the outbox message: the unique key is the claim."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("rule_id", "session_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("reminder_rules.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL")
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class ReminderSettings(db.Model):
    """Per event: whether reminders go out. The row's existence also marks that the default
    rules were created, and its primary key stops two overlapping runs from creating them twice."""

    __tablename__ = "reminder_settings"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=True)
