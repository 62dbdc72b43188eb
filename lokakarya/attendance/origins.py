"""Where each session's attendance came from and when (the recap's "Sumber" column): the
sources of its rows with their latest change, and the pull from a created meeting. Two
statements whatever the numbers."""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func

from lokakarya.attendance.models import Attendance
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db


@dataclass
class Origin:
    sources: list[tuple[str, int, datetime | None]] = field(default_factory=list)  # source, rows, latest
    provider: str = ""       # the created meeting's provider, when the session is held in one
    pull_state: str = ""     # waiting / done / failed
    pulled_at: datetime | None = None
    pull_error: str = ""


def session_origins(event: Event) -> dict[int, Origin]:
    ids = [s.id for s in event.sessions]
    found = {sid: Origin() for sid in ids}
    if not ids:
        return found
    rows = db.session.execute(
        db.select(Attendance.session_id, Attendance.source, func.count(), func.max(Attendance.updated_at))
        .where(Attendance.session_id.in_(db.select(EventSession.id).where(EventSession.event_id == event.id)))
        .group_by(Attendance.session_id, Attendance.source).order_by(Attendance.session_id, Attendance.source))
    for session_id, source, count, latest in rows:
        found[session_id].sources.append((source, count, latest))
    meetings = db.session.execute(
        db.select(Meeting.session_id, Meeting.provider, Meeting.pull_state, Meeting.pulled_at, Meeting.pull_error)
        .where(Meeting.event_id == event.id, Meeting.managed.is_(True), Meeting.state != "cancelled")).all()
    own = {m.session_id: m for m in meetings if m.session_id is not None}
    wide = next((m for m in meetings if m.session_id is None), None)
    has_own = set(db.session.execute(db.select(Meeting.session_id).where(
        Meeting.event_id == event.id, Meeting.session_id.is_not(None))).scalars())
    for sid in ids:
        meeting = own.get(sid) or (wide if sid not in has_own else None)
        if meeting is not None:
            origin = found[sid]
            origin.provider, origin.pull_state = meeting.provider, meeting.pull_state
            origin.pulled_at, origin.pull_error = meeting.pulled_at, meeting.pull_error
    return found
