"""Daily jobs, once per day across every worker: the job's work and its (job, day) row are one
transaction. The row is inserted first with ON CONFLICT DO NOTHING: a worker that finds it there
(committed, or being written by another worker, which it waits for on PostgreSQL) skips the job;
a worker that crashed mid-job committed neither, so the next one runs it."""
from collections.abc import Callable
from datetime import date, datetime

from lokakarya.core.writes import insert_with_conflicts
from lokakarya.extensions import db
from lokakarya.worker.models import DailyRun

DAILY_ZONE = "Asia/Jakarta"  # a day starts at midnight WIB


def today(now: datetime) -> date:
    from lokakarya.timeutil import to_zone

    return to_zone(now, DAILY_ZONE).date()


def run_once_today(job: str, now: datetime, work: Callable[[], object]) -> bool:
    """Run `work` and commit it with the day's row; False (nothing done) if it ran today."""
    claimed = db.session.execute(
        insert_with_conflicts(DailyRun).values(job=job, day=today(now), ran_at=now)
        .on_conflict_do_nothing(index_elements=["job", "day"]).returning(DailyRun.job)
    ).first()
    if claimed is None:
        db.session.rollback()
        return False
    work()
    db.session.commit()
    return True
