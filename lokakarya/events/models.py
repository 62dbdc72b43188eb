import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.extensions import db
from lokakarya.regions.models import Province
from lokakarya.timeutil import UTCDateTime, now_utc

EVENT_STATUSES = ("draft", "published", "closed", "cancelled")
SESSION_STATUSES = ("scheduled", "cancelled")
PROVIDERS = ("zoom", "meet", "teams", "jitsi", "youtube", "bbb", "other")
# A meeting created for the organiser by a provider (lokakarya/vc): where it stands.
MEETING_STATES = ("", "pending", "created", "updating", "failed", "cancelled")
# Its attendance pulled from the provider after the end: waiting / done / failed ("" = not pulled).
PULL_STATES = ("", "waiting", "done", "failed")


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    organiser_unit: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Jakarta")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Registration settings (the registration feature enforces them).
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    capacity: Mapped[int | None] = mapped_column()
    # Registrations holding a seat (confirmed or pending), kept by database triggers on
    # registrations (migration 0014_seats_held), so that deciding a seat under the event's lock
    # reads one number instead of counting every registration. Never written by the app.
    seats_held: Mapped[int] = mapped_column(default=0, server_default="0")
    quota_per_agency: Mapped[int | None] = mapped_column()
    quota_per_province: Mapped[int | None] = mapped_column()
    requires_approval: Mapped[bool] = mapped_column(default=False)
    allow_central_agencies: Mapped[bool] = mapped_column(default=True)
    allow_pppk: Mapped[bool] = mapped_column(default=True)
    retention_days: Mapped[int] = mapped_column(default=365)
    # Share (percent) of the scheduled minutes a participant must attend.
    attendance_threshold: Mapped[int] = mapped_column(default=70)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=now_utc, onupdate=now_utc
    )

    sessions: Mapped[list["EventSession"]] = relationship(
        back_populates="event",
        order_by="(EventSession.starts_at, EventSession.position)",
        cascade="all, delete-orphan",
    )
    invited: Mapped[list["InvitedProvince"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="InvitedProvince.province_code"
    )
    meetings: Mapped[list["Meeting"]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class InvitedProvince(db.Model):
    """A province invited to an event, with an optional quota overriding quota_per_province."""

    __tablename__ = "event_provinces"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), primary_key=True)
    quota: Mapped[int | None] = mapped_column()

    event: Mapped[Event] = relationship(back_populates="invited")
    province: Mapped[Province] = relationship()


def new_calendar_uid() -> str:
    # Random, so a UID is never reused across events or after a session is deleted.
    return f"{uuid.uuid4()}@lokakarya"


class EventSession(db.Model):
    __tablename__ = "event_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    speakers: Mapped[str] = mapped_column(Text, default="")  # one per line
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    position: Mapped[int] = mapped_column(default=0)
    # iCalendar SEQUENCE: raised on every change a participant would care about.
    sequence: Mapped[int] = mapped_column(default=0)
    uid: Mapped[str] = mapped_column(String(100), unique=True, default=new_calendar_uid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=now_utc, onupdate=now_utc
    )

    event: Mapped[Event] = relationship(back_populates="sessions")
    meeting: Mapped["Meeting | None"] = relationship(back_populates="session", uselist=False)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


class Meeting(db.Model):
    """A video meeting for the whole event (session_id empty) or for one session."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE")
    )
    provider: Mapped[str] = mapped_column(String(20))  # one of PROVIDERS
    join_url: Mapped[str] = mapped_column(String(1000))
    meeting_code: Mapped[str] = mapped_column(String(100), default="")
    passcode: Mapped[str] = mapped_column(String(100), default="")
    # Created by the vc worker at `provider` (True) rather than a pasted link (False).
    managed: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(20), default="")  # one of MEETING_STATES
    external_id: Mapped[str] = mapped_column(String(200), default="")
    host_email: Mapped[str] = mapped_column(String(254), default="")
    # JSON: what later calls need (Zoom's uuid). Never secret.
    provider_data: Mapped[str] = mapped_column(Text, default="{}")
    # JSON: the host's start URL, moderator passwords. Stored, never shown, never exported.
    host_secrets: Mapped[str] = mapped_column(Text, default="{}")
    last_error: Mapped[str] = mapped_column(Text, default="")  # the provider's message
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pull_state: Mapped[str] = mapped_column(String(10), default="")  # one of PULL_STATES
    pull_attempts: Mapped[int] = mapped_column(default=0)
    pull_next_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pulled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pull_error: Mapped[str] = mapped_column(Text, default="")
    pull_rows: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="meetings")
    session: Mapped[EventSession | None] = relationship(back_populates="meeting")
