"""Recording attendance; the join link and check-in call these."""
from datetime import datetime

from lokakarya.attendance.models import Attendance
from lokakarya.events.models import EventSession
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc


def record_join(registration: Registration, session: EventSession, at: datetime | None = None,
                source: str = "link") -> Attendance:
    """Keep the first join time of this registration at this session for this source."""
    at = at or now_utc()
    row = db.session.execute(
        db.select(Attendance).where(
            Attendance.registration_id == registration.id,
            Attendance.session_id == session.id,
            Attendance.source == source,
        )
    ).scalar_one_or_none()
    if row is None:
        row = Attendance(registration_id=registration.id, session_id=session.id, source=source,
                         first_join_at=at)
        db.session.add(row)
    elif row.first_join_at is None or at < row.first_join_at:
        row.first_join_at = at
    db.session.flush()
    return row
