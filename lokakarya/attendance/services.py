"""Recording attendance; the join link, check-in and the organiser's marks call these."""
import hmac
from datetime import datetime, timedelta

from lokakarya.attendance.models import MANUAL_STATUSES, Attendance, SessionAttendanceRule
from lokakarya.attendance.presence import refresh
from lokakarya.events.models import EventSession
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc


def _row(registration: Registration, session: EventSession, source: str) -> Attendance | None:
    return db.session.execute(
        db.select(Attendance).where(
            Attendance.registration_id == registration.id,
            Attendance.session_id == session.id,
            Attendance.source == source,
        )
    ).scalar_one_or_none()


def record_join(registration: Registration, session: EventSession, at: datetime | None = None,
                source: str = "link") -> Attendance:
    """Keep the first join time of this registration at this session for this source."""
    at = at or now_utc()
    row = _row(registration, session, source)
    if row is None:
        row = Attendance(registration_id=registration.id, session_id=session.id, source=source,
                         first_join_at=at)
        db.session.add(row)
    elif row.first_join_at is None or at < row.first_join_at:
        row.first_join_at = at
    db.session.flush()
    refresh(session.event_id, [registration.id])
    return row


def mark_manual(registration: Registration, session: EventSession, status: str | None,
                note: str = "") -> Attendance | None:
    """The organiser's mark (present / absent / excused); an empty status removes it."""
    row = _row(registration, session, "manual")
    if not status:
        if row is not None:
            db.session.delete(row)
            db.session.flush()
            refresh(session.event_id, [registration.id])
        return None
    if status not in MANUAL_STATUSES:
        raise ValueError(status)
    if row is None:
        row = Attendance(registration_id=registration.id, session_id=session.id, source="manual")
        db.session.add(row)
    row.status, row.note = status, note.strip()[:1000]
    db.session.flush()
    refresh(session.event_id, [registration.id])
    return row


CHECKIN_OPENS_MINUTES = 15  # check-in opens this long before a session starts


def checkin_open(session: EventSession, at: datetime | None = None) -> bool:
    at = at or now_utc()
    return (not session.cancelled
            and session.starts_at - timedelta(minutes=CHECKIN_OPENS_MINUTES) <= at <= session.ends_at)


def rule_for(session: EventSession) -> SessionAttendanceRule:
    rule = db.session.get(SessionAttendanceRule, session.id)
    if rule is None:
        rule = SessionAttendanceRule(session_id=session.id, mandatory=False, checkin_code="")
        db.session.add(rule)
    return rule


def code_matches(expected: str, given: str) -> bool:
    return not expected or hmac.compare_digest(expected.strip().upper(), given.strip().upper())
