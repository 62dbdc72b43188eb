"""Changing events, sessions and meetings. Everything here adds and flushes; callers commit.

Session changes report whether a participant would notice them (time, title, meeting,
cancellation); only those raise SEQUENCE, and the caller mails the update.
"""
import re
import unicodedata
from collections import Counter

from lokakarya.events.meetings import event_wide_meeting, provider_for_url
from lokakarya.events.models import Event, EventSession, InvitedProvince, Meeting
from lokakarya.extensions import db
from lokakarya.registration.waitlist import promote_waitlisted
from lokakarya.reminders.services import ensure_settings
from lokakarya.timeutil import now_utc
from lokakarya.vc import queue as vc_queue

EVENT_FIELDS = (
    "title", "description", "organiser_unit", "contact_email", "timezone", "status",
    "registration_opens_at", "registration_closes_at", "capacity", "quota_per_agency",
    "quota_per_province", "requires_approval", "allow_central_agencies", "allow_pppk",
    "retention_days", "attendance_threshold",
)
SEAT_FIELDS = ("capacity", "quota_per_agency", "quota_per_province")
SESSION_FIELDS = ("title", "description", "speakers", "starts_at", "ends_at")
NOTICEABLE_SESSION_FIELDS = ("title", "starts_at", "ends_at")
MEETING_FIELDS = ("join_url", "meeting_code", "passcode")


def slug_for(title: str) -> str:
    """A URL slug from a title, unique among events ("lokakarya-2020", "lokakarya-2020-2")."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:70].strip("-") or "acara"
    taken = set(db.session.execute(
        db.select(Event.slug).where(Event.slug.startswith(base, autoescape=True))
    ).scalars())
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_event(values: dict, created_by=None) -> Event:
    event = Event(slug=values.get("slug") or slug_for(values["title"]),
                  created_by_id=created_by.id if created_by is not None else None)
    db.session.add(event)
    update_event(event, values)
    ensure_settings({event.id})  # the default reminder rules, so that reading them never writes
    return event


def update_event(event: Event, values: dict) -> list[EventSession]:
    """Apply the given fields (and `province_codes`/`province_quotas` when present).

    Returns the sessions cancelled because the event was cancelled (the caller mails CANCEL).
    """
    seats_before = _seats(event)
    was_cancelled = event.status == "cancelled"
    named_before = (event.title, event.timezone)
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    if "slug" in values and values["slug"]:
        event.slug = values["slug"]
    if "province_codes" in values or "province_quotas" in values:
        codes = values.get("province_codes")
        if codes is None:
            codes = [p.province_code for p in event.invited]
        set_invited(event, codes, values.get("province_quotas") or {})
    db.session.flush()
    cancelled: list[EventSession] = []
    if event.status == "cancelled" and not was_cancelled:
        cancelled = [s for s in event.sessions if cancel_session(s)]
    elif event.id is not None and (event.title, event.timezone) != named_before:
        vc_queue.event_changed(event)  # created meetings carry the event's title and zone
    if event.id is not None and _seats(event) != seats_before:
        promote_waitlisted(event)
    return cancelled


def _seats(event: Event) -> tuple:
    return (tuple(getattr(event, n) for n in SEAT_FIELDS),
            tuple(sorted((p.province_code, p.quota or 0) for p in event.invited)))


def set_invited(event: Event, codes, quotas: dict[str, int | None]) -> None:
    """Invite exactly these provinces; a quota given for a code overrides quota_per_province."""
    before = _invited(event)
    wanted = dict.fromkeys(sorted(set(codes) | {c for c, q in quotas.items() if q}))
    current = {p.province_code: p for p in event.invited}
    event.invited = [
        current.get(code) or InvitedProvince(province_code=code) for code in wanted
    ]
    for invited in event.invited:
        if invited.province_code in quotas:
            invited.quota = quotas[invited.province_code]
    if _invited(event) != before:
        touch(event)


def _invited(event: Event) -> list[tuple]:
    return sorted((p.province_code, p.quota) for p in event.invited)


def touch(event: Event) -> None:
    """The event changed through rows without a timestamp of their own (invited provinces,
    meetings): its pages and calendars answer conditional GETs by updated_at (events/freshness)."""
    event.updated_at = now_utc()


def add_session(event: Event, values: dict, meeting: dict | None = None) -> EventSession:
    """A new session (SEQUENCE 0), with its own meeting when one is given."""
    position = max((s.position for s in event.sessions), default=-1) + 1
    session = EventSession(position=position, **{k: values.get(k) or "" for k in
                                                  ("title", "description", "speakers")},
                           starts_at=values["starts_at"], ends_at=values["ends_at"])
    event.sessions.append(session)
    created = None
    if meeting is not None:
        created = _filled(Meeting(session=session), meeting)
        event.meetings.append(created)
    db.session.flush()
    if created is not None and meeting.get("create"):
        vc_queue.requested(created, meeting["provider"], meeting.get("host_email") or "")
    if created is None:
        vc_queue.wide_changed(event)  # held in the event-wide meeting: its span may grow
    return session


def _filled(meeting: Meeting, values: dict) -> Meeting:
    """A pasted link; or (values["create"]) a meeting the vc worker creates at values["provider"]:
    its link and passcode come from the provider (vc/queue.requested)."""
    if values.get("create"):
        if meeting.id is None:
            meeting.provider, meeting.join_url = values["provider"], ""
        return meeting
    if meeting.managed:
        vc_queue.dropped(meeting)
        meeting.managed, meeting.state, meeting.external_id = False, "", ""
        meeting.host_secrets, meeting.provider_data, meeting.last_error = "{}", "{}", ""
    meeting.join_url = values["join_url"].strip()
    meeting.provider = values.get("provider") or provider_for_url(meeting.join_url)
    meeting.meeting_code = (values.get("meeting_code") or "").strip()
    meeting.passcode = (values.get("passcode") or "").strip()
    return meeting


def update_session(session: EventSession, values: dict) -> bool:
    """Apply the values; True (and SEQUENCE + 1) when a participant would notice."""
    noticeable = any(
        name in values and values[name] != getattr(session, name) for name in NOTICEABLE_SESSION_FIELDS
    )
    for name in SESSION_FIELDS:
        if name in values:
            setattr(session, name, values[name] if values[name] is not None else "")
    if noticeable:
        session.sequence += 1
    db.session.flush()
    if noticeable:
        vc_queue.schedule_changed(session.event, [session])
    return noticeable


def cancel_session(session: EventSession) -> bool:
    """Cancel (it stays on the agenda, marked); False when it already was."""
    if session.cancelled:
        return False
    session.status = "cancelled"
    session.sequence += 1
    db.session.flush()
    vc_queue.schedule_changed(session.event, [session])
    return True


def move_session(session: EventSession, step: int) -> bool:
    """Swap places with the neighbour starting at the same time (parallel sessions); the
    agenda is otherwise ordered by start time. False when there is no such neighbour."""
    ordered = sorted(session.event.sessions, key=lambda s: (s.starts_at, s.position, s.id))
    for index, item in enumerate(ordered):
        item.position = index
    index, other = ordered.index(session), ordered.index(session) + step
    if not (0 <= other < len(ordered) and ordered[other].starts_at == session.starts_at):
        return False
    ordered[index].position, ordered[other].position = other, index
    db.session.flush()
    return True


def set_meeting(event: Event, session: EventSession | None, values: dict | None) -> list[EventSession]:
    """Attach, change or (values None) remove the meeting of the event or of one session.

    Returns the scheduled sessions whose join link changed (their SEQUENCE is raised).
    """
    meeting = session.meeting if session is not None else event_wide_meeting(event.meetings)
    before = tuple(getattr(meeting, n) for n in MEETING_FIELDS) if meeting else None
    had_own = session is not None and meeting is not None
    if values is None:
        if meeting is not None:
            vc_queue.dropped(meeting)
            if session is not None:
                session.meeting = None
            event.meetings.remove(meeting)
            db.session.delete(meeting)
    else:
        if meeting is None:
            meeting = Meeting(session=session)
            event.meetings.append(meeting)
        _filled(meeting, values)
        if values.get("create"):
            db.session.flush()
            vc_queue.requested(meeting, values["provider"], values.get("host_email") or "")
    after = tuple(getattr(meeting, n) for n in MEETING_FIELDS) if values is not None else None
    if session is not None and had_own != (values is not None):
        db.session.flush()
        vc_queue.wide_changed(event)  # it left (or joined) the event-wide meeting, whose span follows
    if before == after:
        db.session.flush()
        return []
    touch(event)  # also when no scheduled session is affected: the organisers' feed shows it
    affected = [session] if session is not None else [s for s in event.sessions if s.meeting is None]
    affected = [s for s in affected if not s.cancelled]
    for item in affected:
        item.sequence += 1
    db.session.flush()
    return affected


def overlapping_ids(sessions) -> set[int]:
    """Ids of scheduled sessions that overlap another one (allowed: parallel rooms; shown)."""
    live = sorted((s for s in sessions if not s.cancelled), key=lambda s: s.starts_at)
    found: set[int] = set()
    for i, first in enumerate(live):
        for second in live[i + 1:]:
            if second.starts_at >= first.ends_at:
                break
            found.update((first.id, second.id))
    return found


def parallel_ids(sessions) -> set[int]:
    """Sessions starting together with another one: only they can be reordered."""
    starts = Counter(s.starts_at for s in sessions)
    return {s.id for s in sessions if starts[s.starts_at] > 1}
