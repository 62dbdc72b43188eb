"""An organiser's change with everything that follows from it: the change itself (services),
the calendar updates to confirmed registrants and the audit entry. Pages and the API both call
these; the caller commits once."""
from lokakarya.attendance.presence import refresh_event
from lokakarya.audit.services import record, snapshot
from lokakarya.events import services
from lokakarya.events.models import Event, EventSession
from lokakarya.ical.updates import send_schedule_updates

EVENT_AUDITED = ("slug", "title", "status", "timezone", "capacity", "quota_per_agency",
                 "quota_per_province", "registration_opens_at", "registration_closes_at")
SESSION_AUDITED = (*services.SESSION_FIELDS, "status", "sequence")


def create_event(values: dict, actor) -> Event:
    event = services.create_event(values, created_by=actor)  # flushed: it has its id
    record("event.create", event, after=snapshot(event, EVENT_AUDITED), actor=actor, event_id=event.id)
    return event


def change_event(event: Event, values: dict, actor) -> None:
    before = snapshot(event, EVENT_AUDITED)
    threshold = event.attendance_threshold
    cancelled = services.update_event(event, values)
    if cancelled or event.attendance_threshold != threshold:
        refresh_event(event.id)  # who attended enough is counted again
    send_schedule_updates(event, [], cancelled)
    record("event.update", event, before=before, after=snapshot(event, EVENT_AUDITED), actor=actor,
           event_id=event.id)


def change_meeting(event: Event, session: EventSession | None, values: dict | None, actor) -> list:
    """Event-wide (session None) or one session's meeting; values None removes it."""
    changed = services.set_meeting(event, session, values)
    send_schedule_updates(event, changed, [])
    if changed:
        record("meeting.update", session or event, actor=actor, event_id=event.id,
               after={"sessions_updated": [s.id for s in changed]})
    return changed


def add_session(event: Event, values: dict, meeting: dict | None, actor) -> EventSession:
    session = services.add_session(event, values, meeting)
    refresh_event(event.id)  # its minutes count towards everyone's threshold
    send_schedule_updates(event, [session], [])
    record("session.create", session, after=snapshot(session, SESSION_AUDITED), actor=actor)
    return session


def change_session(event: Event, session: EventSession, values: dict, meeting: dict | None,
                   actor, meeting_given: bool = True) -> bool:
    """True when participants were sent an update (time, title or meeting changed)."""
    before = snapshot(session, SESSION_AUDITED)
    span = (session.starts_at, session.ends_at)
    changed = services.update_session(session, values)
    if (session.starts_at, session.ends_at) != span:
        refresh_event(event.id)  # minutes are counted within the session's times
    if meeting_given:
        changed = bool(services.set_meeting(event, session, meeting)) or changed
    send_schedule_updates(event, [session] if changed else [], [])
    record("session.update", session, before=before, after=snapshot(session, SESSION_AUDITED), actor=actor)
    return changed


def cancel_session(event: Event, session: EventSession, actor) -> bool:
    if not services.cancel_session(session):
        return False
    refresh_event(event.id)  # a cancelled session no longer counts
    send_schedule_updates(event, [], [session])
    record("session.cancel", session, after=snapshot(session, SESSION_AUDITED), actor=actor)
    return True
