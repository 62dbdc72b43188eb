"""Follow-up: a round per event, each province's submission (issues and commitments), action
items with progress updates, and the reminders already sent."""
from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lokakarya.agencies.models import Agency
from lokakarya.auth.models import User
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.regions.models import Province
from lokakarya.timeutil import UTCDateTime, now_utc

# The 14 components of a service standard (Permenpan RB 15/2014), plus "lainnya".
CATEGORIES = (
    "persyaratan", "sistem_mekanisme_prosedur", "jangka_waktu", "biaya_tarif", "produk_pelayanan",
    "penanganan_pengaduan", "dasar_hukum", "sarana_prasarana", "kompetensi_pelaksana",
    "pengawasan_internal", "jumlah_pelaksana", "jaminan_pelayanan", "jaminan_keamanan",
    "evaluasi_kinerja", "lainnya",
)
KINDS = ("commitment", "recommendation")
STATUSES = ("open", "in_progress", "done", "blocked", "dropped")
SUBMISSION_STATES = ("draft", "submitted", "returned", "accepted")
# Handed in: the province is done with the round (accepted is submitted and read by the organiser).
HANDED_IN = ("submitted", "accepted")
# "done" claimed by an owner waits for the organiser: pending → verified (or returned).
VERIFICATIONS = ("pending", "verified", "returned")


class FollowupRound(db.Model):
    __tablename__ = "followup_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    event: Mapped[Event] = relationship()


class Submission(db.Model):
    """One province's answer in a round: draft → submitted; the organiser returns it (→ the
    province edits and submits again) or accepts it."""

    __tablename__ = "followup_submissions"
    __table_args__ = (UniqueConstraint("event_id", "province_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"))
    state: Mapped[str] = mapped_column(String(20), default="draft")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    return_comment: Mapped[str] = mapped_column(Text, default="")
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    province: Mapped[Province] = relationship()


action_item_issues = Table(
    "followup_action_item_issues",
    db.metadata,
    # Named by hand: the conventional name is longer than PostgreSQL's 63 characters.
    Column("action_item_id", ForeignKey("followup_action_items.id", ondelete="CASCADE",
                                         name="fk_followup_action_item_issues_action_item_id"), primary_key=True),
    Column("issue_id", ForeignKey("followup_issues.id", ondelete="CASCADE"), primary_key=True),
)


class Issue(db.Model):
    """A problem raised (permasalahan); province empty for those the ministry named."""

    __tablename__ = "followup_issues"
    __table_args__ = (Index("ix_followup_issues_event_province", "event_id", "province_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    category: Mapped[str] = mapped_column(String(40))  # one of CATEGORIES
    description: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    agency: Mapped[Agency | None] = relationship()
    province: Mapped[Province | None] = relationship()


class ActionItem(db.Model):
    """A commitment (from a province's submission) or a recommendation (from the organiser)."""

    __tablename__ = "followup_action_items"
    __table_args__ = (
        # Covers an event's dashboard and lists (every column its GROUP BY scans read).
        Index("ix_followup_action_items_event_province", "event_id", "province_code", "agency_id", "category",
              "status", "verification", "due_date", "tracked"),
        Index("ix_followup_action_items_province_status", "province_code", "status"),
        # Covering indexes: the dashboard's two GROUP BY scans read these instead of the table
        # ("tracked" last, so the planner does not prefer them for the id-ordered lists).
        Index("ix_followup_action_items_dash_place", "province_code", "agency_id", "status",
              "verification", "due_date", "tracked"),
        Index("ix_followup_action_items_dash_category", "category", "status", "verification",
              "due_date", "tracked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # one of KINDS
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    category: Mapped[str] = mapped_column(String(40), default="lainnya")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    expected_output: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    progress: Mapped[int] = mapped_column(default=0)  # percent
    verification: Mapped[str | None] = mapped_column(String(20))  # one of VERIFICATIONS
    verification_note: Mapped[str] = mapped_column(Text, default="")
    # Commitments count once their province has submitted; recommendations at once.
    tracked: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, onupdate=now_utc)

    event: Mapped[Event] = relationship()
    agency: Mapped[Agency | None] = relationship()
    province: Mapped[Province | None] = relationship()
    issues: Mapped[list[Issue]] = relationship(secondary=action_item_issues, order_by=Issue.id)
    updates: Mapped[list["ActionUpdate"]] = relationship(
        back_populates="item", order_by="ActionUpdate.id", cascade="all, delete-orphan"
    )


class ActionUpdate(db.Model):
    """A progress report by the owner (note, percentage, status, evidence link or file)."""

    __tablename__ = "followup_action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_item_id: Mapped[int] = mapped_column(
        ForeignKey("followup_action_items.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    note: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[int | None] = mapped_column()
    status: Mapped[str | None] = mapped_column(String(20))
    evidence_url: Mapped[str] = mapped_column(String(1000), default="")
    # An uploaded file lives under UPLOAD_DIR by a random name; only these facts are stored.
    evidence_path: Mapped[str] = mapped_column(String(200), default="")
    evidence_name: Mapped[str] = mapped_column(String(200), default="")
    evidence_type: Mapped[str] = mapped_column(String(60), default="")

    item: Mapped[ActionItem] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()


class SentReminder(db.Model):
    """A reminder once sent; the unique key makes `flask followup remind` idempotent per day."""

    __tablename__ = "followup_sent_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
