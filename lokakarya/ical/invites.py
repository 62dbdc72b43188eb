"""Calendar parts for a registrant's e-mails (the calendar feature implements them)."""
from lokakarya.mail.compose import Attachment, CalendarPart
from lokakarya.registration.models import Registration


def invitation_calendar(registration: Registration) -> tuple[CalendarPart, Attachment] | None:
    """METHOD:REQUEST for the registrant's sessions, as the inline part and an .ics attachment;
    None when there is nothing to invite to. Used by the 'confirmed' and 'promoted' e-mails."""
    return None


def cancellation_calendar(registration: Registration) -> tuple[CalendarPart, Attachment] | None:
    """METHOD:CANCEL for the registrant's sessions (they cancelled, were rejected or deleted)."""
    return None
