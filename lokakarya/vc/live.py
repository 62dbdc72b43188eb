"""Live attendance from provider notices (Zoom webhooks): rows of source "live" — the first join
and the last leave seen — until the pulled report replaces them (vc/pull.py)."""
from __future__ import annotations

from datetime import UTC, datetime

from lokakarya.attendance.models import Attendance
from lokakarya.attendance.presence import refresh
from lokakarya.events.models import Event, Meeting
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.vc.models import VcRegistrant
from lokakarya.vc.schedule import covered_sessions


def _instant(text) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.astimezone(UTC) if value.tzinfo else None


def record_notice(kind: str, obj: dict) -> bool:
    """kind "joined" / "left"; obj: the webhook's payload.object. False when not ours."""
    if not isinstance(obj, dict):
        return False
    meeting = db.session.execute(db.select(Meeting).where(
        Meeting.managed.is_(True), Meeting.provider == "zoom",
        Meeting.external_id == str(obj.get("id") or ""))).scalar_one_or_none()
    person = obj.get("participant") if isinstance(obj.get("participant"), dict) else {}
    at = _instant(person.get("join_time" if kind == "joined" else "leave_time"))
    if meeting is None or at is None:
        return False
    registration_id = None
    if person.get("registrant_id"):
        registration_id = db.session.execute(db.select(VcRegistrant.registration_id).where(
            VcRegistrant.meeting_id == meeting.id,
            VcRegistrant.provider_registrant_id == str(person["registrant_id"]))).scalar_one_or_none()
    if registration_id is None and isinstance(person.get("email"), str) and person["email"]:
        registration_id = db.session.execute(db.select(Registration.id).where(
            Registration.event_id == meeting.event_id, Registration.status == "confirmed",
            Registration.email == person["email"].strip().lower())).scalars().first()
    if registration_id is None:
        return False
    event = db.session.get(Event, meeting.event_id)
    session = next((s for s in covered_sessions(meeting, event) if s.starts_at <= at < s.ends_at), None)
    if session is None:
        sessions = covered_sessions(meeting, event)
        session = min(sessions, key=lambda s: abs((s.starts_at - at).total_seconds()), default=None)
    if session is None:
        return False
    row = db.session.execute(db.select(Attendance).where(
        Attendance.registration_id == registration_id, Attendance.session_id == session.id,
        Attendance.source == "live")).scalar_one_or_none()
    if row is None:
        row = Attendance(registration_id=registration_id, session_id=session.id, source="live", note="")
        db.session.add(row)
    if kind == "joined":
        if row.first_join_at is None or at < row.first_join_at:
            row.first_join_at = at
    else:
        row.last_leave_at = max(at, row.last_leave_at) if row.last_leave_at else at
    if row.first_join_at and row.last_leave_at and row.last_leave_at > row.first_join_at:
        start = max(row.first_join_at, session.starts_at)
        end = min(row.last_leave_at, session.ends_at)
        row.minutes = max(0, int((end - start).total_seconds() // 60))
    db.session.flush()
    refresh(event.id, [registration_id])
    return True
