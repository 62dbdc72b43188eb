"""Calendar parts for a registrant's e-mails: REQUEST when confirmed, CANCEL when no longer.

iTIP (RFC 5546) carries one UID per message, and Outlook and Gmail act on the first event
only, so every session gets its own part: callers send one message per session.
"""
from dataclasses import dataclass

from lokakarya.events.models import EventSession
from lokakarya.ical import calendars, entries
from lokakarya.mail.compose import Attachment, CalendarPart
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc

ATTACHMENT_TYPE = "application/ics"


@dataclass(frozen=True)
class SessionCalendar:
    session: EventSession
    part: CalendarPart  # the inline text/calendar alternative
    attachment: Attachment  # the same calendar as an .ics file


def calendar_parts(ics: bytes, method: str, filename: str) -> tuple[CalendarPart, Attachment]:
    """The inline text/calendar alternative plus the same calendar as an .ics attachment."""
    return CalendarPart(ics, method), Attachment(filename, ATTACHMENT_TYPE, ics)


def _sessions(registration: Registration, sessions: list[EventSession] | None) -> list[EventSession]:
    if not registration.email:
        return []
    chosen = registration.event.sessions if sessions is None else sessions
    return [s for s in chosen if not s.cancelled]


def session_invitations(registration: Registration,
                        sessions: list[EventSession] | None = None) -> list[SessionCalendar]:
    """One METHOD:REQUEST per (not cancelled) session, with the registrant's join link."""
    return _per_session(registration, _sessions(registration, sessions), "REQUEST")


def session_cancellations(registration: Registration,
                          sessions: list[EventSession] | None = None) -> list[SessionCalendar]:
    """One METHOD:CANCEL per session (the registrant cancelled, was rejected, or the session
    was cancelled); same UID as the invitation, no join link. By default the sessions not
    cancelled already (those were cancelled in the calendar at the time)."""
    chosen = _sessions(registration, None) if sessions is None else sessions
    return _per_session(registration, chosen if registration.email else [], "CANCEL")


def _per_session(registration: Registration, sessions: list[EventSession],
                 method: str) -> list[SessionCalendar]:
    return [session_calendar(registration, session, method, position)
            for position, session in enumerate(sessions, start=1)]


def session_calendar(registration: Registration, session: EventSession, method: str,
                     position: int) -> SessionCalendar:
    """The REQUEST or CANCEL of one session; `position` names the file (sesi-2.ics)."""
    event, stamp, words = registration.event, now_utc(), entries.wording()
    organizer, attendee = entries.organizer(event), entries.attendee(registration)
    if method == "REQUEST":
        ics = calendars.invitation(entries.personal_entry(registration, session, words), organizer, attendee, stamp)
        filename = f"sesi-{position}.ics"
    else:
        ics = calendars.cancellation(entries.public_entry(session, event, words), organizer, attendee, stamp)
        filename = f"batal-{position}.ics"
    return SessionCalendar(session, *calendar_parts(ics, method, filename))
