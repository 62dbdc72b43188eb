"""Forgetting a participant: remove the personal text attendance keeps about them (display
names remembered from reports, notes on marks) while the minutes and counts stay."""
from sqlalchemy import delete, update

from lokakarya.attendance.models import Attendance, NameDecision
from lokakarya.extensions import db
from lokakarya.registration.models import Registration


def forget(registration: Registration) -> None:
    # A decision's identity is the report's e-mail or display name: personal text.
    db.session.execute(delete(NameDecision).where(NameDecision.registration_id == registration.id))
    db.session.execute(update(Attendance).where(Attendance.registration_id == registration.id)
                       .values(note=""))
    db.session.flush()


def export(registration: Registration) -> dict:
    """The participant's attendance, for their data download."""
    rows = db.session.execute(
        db.select(Attendance).where(Attendance.registration_id == registration.id)
        .order_by(Attendance.session_id, Attendance.source)).scalars()
    return {"attendance": [{
        "session_id": r.session_id, "source": r.source, "minutes": r.minutes, "status": r.status,
        "note": r.note, "first_join_at": r.first_join_at.isoformat() if r.first_join_at else None,
    } for r in rows]}
