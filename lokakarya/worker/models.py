from datetime import date, datetime

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lokakarya.extensions import db
from lokakarya.timeutil import UTCDateTime, now_utc


class WorkerHeartbeat(db.Model):
    """One row per running `flask worker`, touched every few seconds; /healthz reads it."""

    __tablename__ = "worker_heartbeats"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)  # host:pid:random
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, index=True)


class DailyRun(db.Model):
    """A daily job that ran (committed) on `day`: inserted in the job's own transaction, so of
    several workers exactly one runs it per day, and one that crashed leaves no row behind."""

    __tablename__ = "worker_daily_runs"

    job: Mapped[str] = mapped_column(String(50), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
