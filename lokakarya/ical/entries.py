"""Turn loaded events, sessions and registrations into calendar entries (plain values).

Public entries never carry a meeting; personal ones carry the registrant's join link
(`/r/<token>/join/<id>`, which records attendance) only when the registration is confirmed.
"""
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from lokakarya.events.meetings import meeting_for
from lokakarya.events.models import Event, EventSession
from lokakarya.ical.calendars import Entry, Person
from lokakarya.registration import links
from lokakarya.registration.models import Registration


@dataclass(frozen=True)
class Wording:
    """The translated phrases of a calendar, looked up once per calendar (not per session)."""

    speakers: str
    join: str
    meeting_code: str
    passcode: str


def wording() -> Wording:
    # gettext without arguments returns the template; it is filled per session below.
    return Wording(_("Narasumber: %(names)s"), _("Gabung: %(url)s"), _("ID rapat: %(code)s"),
                   _("Kode sandi: %(code)s"))


def _about(session: EventSession, words: Wording) -> list[str]:
    lines = [session.description] if session.description else []
    if session.speakers:
        lines.append(words.speakers % {"names": ", ".join(session.speakers.splitlines())})
    return lines


def _meeting_lines(meeting, words: Wording) -> list[str]:
    lines = []
    if meeting.meeting_code:
        lines.append(words.meeting_code % {"code": meeting.meeting_code})
    if meeting.passcode:
        lines.append(words.passcode % {"code": meeting.passcode})
    return lines


def _entry(session: EventSession, event: Event, description: list[str], location: str = "",
           url: str = "") -> Entry:
    return Entry(
        uid=session.uid, summary=session.title, starts_at=session.starts_at, ends_at=session.ends_at,
        tz=event.timezone, sequence=session.sequence, description="\n\n".join(description),
        location=location, url=url, cancelled=session.cancelled,
    )


def public_entry(session: EventSession, event: Event, words: Wording | None = None) -> Entry:
    page = links.event_url(event.slug)
    return _entry(session, event, [*_about(session, words or wording()), page], url=page)


def public_entries(event: Event) -> list[Entry]:
    words = wording()
    return [public_entry(s, event, words) for s in event.sessions]


def personal_entry(registration: Registration, session: EventSession,
                   words: Wording | None = None) -> Entry:
    event = registration.event
    words = words or wording()
    meeting = meeting_for(session, event.meetings)
    if registration.status != "confirmed" or session.cancelled or meeting is None:
        return public_entry(session, event, words)
    join = links.join_url(registration, session)
    description = [*_about(session, words), words.join % {"url": join}, *_meeting_lines(meeting, words),
                   links.personal_url(registration)]
    return _entry(session, event, description, location=join, url=join)


def personal_entries(registration: Registration) -> list[Entry]:
    """A cancelled or rejected registration keeps an empty feed, so subscribed calendars clear."""
    if registration.status in ("cancelled", "rejected"):
        return []
    words = wording()
    return [personal_entry(registration, s, words) for s in registration.event.sessions]


def organiser_entry(session: EventSession, event: Event, words: Wording) -> Entry:
    """Organisers see the meeting itself (they host it) plus the event page."""
    meeting = meeting_for(session, event.meetings)
    page = links.event_url(event.slug)
    if meeting is None:
        return _entry(session, event, [*_about(session, words), page], url=page)
    lines = [*_about(session, words), meeting.join_url, *_meeting_lines(meeting, words), page]
    return _entry(session, event, lines, location=meeting.join_url, url=page)


def organizer(event: Event) -> Person:
    address = event.contact_email or current_app.config["MAIL_FROM"].rsplit("<", 1)[-1].rstrip(">")
    return Person(email=address, name=event.organiser_unit or event.title)


def attendee(registration: Registration) -> Person:
    return Person(email=registration.email or "", name=registration.name or "")
