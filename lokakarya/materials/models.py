"""Materials per session (uploaded files and links) and minutes (notulen) with revisions."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.events.models import EventSession
from lokakarya.extensions import db
from lokakarya.timeutil import UTCDateTime, now_utc

MATERIAL_KINDS = ("file", "link")
VISIBILITIES = ("public", "registrants", "organisers")


class Material(db.Model):
    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # one of MATERIAL_KINDS
    title: Mapped[str] = mapped_column(String(200))
    visibility: Mapped[str] = mapped_column(String(20), default="registrants")
    url: Mapped[str | None] = mapped_column(String(1000))  # links only
    # Files only: stored under UPLOAD_DIR by a random key, never by the uploaded name.
    storage_key: Mapped[str | None] = mapped_column(String(80))
    download_name: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[int | None] = mapped_column()
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    session: Mapped[EventSession] = relationship()


class Minutes(db.Model):
    """The current text of a session's minutes; every save also adds a MinutesRevision."""

    __tablename__ = "session_minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), unique=True
    )
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    session: Mapped[EventSession] = relationship()
    revisions: Mapped[list["MinutesRevision"]] = relationship(
        back_populates="minutes", order_by="MinutesRevision.number.desc()", cascade="all, delete-orphan"
    )


class MinutesRevision(db.Model):
    __tablename__ = "session_minutes_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        ForeignKey("session_minutes.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column()
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_label: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    minutes: Mapped[Minutes] = relationship(back_populates="revisions")
