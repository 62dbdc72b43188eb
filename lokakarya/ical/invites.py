"""Calendar parts for a registrant's e-mails: REQUEST when confirmed, CANCEL when no longer."""
from lokakarya.ical import calendars, entries
from lokakarya.mail.compose import Attachment, CalendarPart
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc

ATTACHMENT_TYPE = "application/ics"


def calendar_parts(ics: bytes, method: str, filename: str) -> tuple[CalendarPart, Attachment]:
    """The inline text/calendar alternative plus the same calendar as an .ics attachment."""
    return CalendarPart(ics, method), Attachment(filename, ATTACHMENT_TYPE, ics)


def invitation_calendar(registration: Registration) -> tuple[CalendarPart, Attachment] | None:
    """METHOD:REQUEST for the registrant's sessions, as the inline part and an .ics attachment;
    None when there is nothing to invite to. Used by the 'confirmed' and 'promoted' e-mails."""
    sessions = [s for s in registration.event.sessions if not s.cancelled]
    if not sessions or not registration.email:
        return None
    ics = calendars.invitation(
        [entries.personal_entry(registration, s) for s in sessions],
        entries.organizer(registration.event), entries.attendee(registration), now_utc(),
    )
    return calendar_parts(ics, "REQUEST", "undangan.ics")


def cancellation_calendar(registration: Registration) -> tuple[CalendarPart, Attachment] | None:
    """METHOD:CANCEL for the registrant's sessions (they cancelled, were rejected or deleted)."""
    sessions = [s for s in registration.event.sessions if not s.cancelled]
    if not sessions or not registration.email:
        return None
    ics = calendars.cancellation(
        [entries.public_entry(s, registration.event) for s in sessions],
        entries.organizer(registration.event), entries.attendee(registration), now_utc(),
    )
    return calendar_parts(ics, "CANCEL", "batal.ics")
