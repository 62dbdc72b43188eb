"""iCalendar documents from plain values (pure: dataclasses in, bytes out).

Every calendar carries a VTIMEZONE for each zone it uses with a single STANDARD component:
Indonesian zones have no daylight saving and Outlook rejects invented DST rules. Escaping,
line folding and UTF-8 are left to `icalendar`.
"""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneStandard, vCalAddress, vDuration, vText

from lokakarya.timeutil import zone_label

PRODID = "-//Lokakarya//Jadwal Lokakarya//ID"
FEED_REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    """One session as a calendar sees it."""

    uid: str
    summary: str
    starts_at: datetime  # aware
    ends_at: datetime  # aware
    tz: str  # IANA zone the times are written in
    sequence: int = 0
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


def _clean(text: str) -> str:
    # Calendars store lines with LF; a CR would come back as a different string.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def vtimezone(tz_name: str, at: datetime) -> Timezone:
    offset = at.astimezone(ZoneInfo(tz_name)).utcoffset()
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))  # noqa: DTZ001  (floating, as RFC 5545 wants)
    standard.add("tzoffsetfrom", offset)
    standard.add("tzoffsetto", offset)
    standard.add("tzname", zone_label(tz_name))
    zone = Timezone()
    zone.add("tzid", tz_name)
    zone.add_component(standard)
    return zone


def _address(person: Person) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = vText(person.name)
    return address


def _attendee(person: Person) -> vCalAddress:
    address = _address(person)
    address.params.update({"CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT",
                           "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"})
    return address


def _vevent(entry: Entry, stamp: datetime, organizer: Person | None,
            attendee: Person | None, cancel: bool) -> Event:
    zone = ZoneInfo(entry.tz)
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", entry.starts_at.astimezone(zone))
    event.add("dtend", entry.ends_at.astimezone(zone))
    event.add("summary", _clean(entry.summary))
    if entry.description:
        event.add("description", _clean(entry.description))
    if entry.location:
        event.add("location", _clean(entry.location))
    if entry.url:
        event.add("url", entry.url)
    event.add("sequence", entry.sequence)
    cancelled = cancel or entry.cancelled
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if organizer is not None:
        event.add("organizer", _address(organizer))
    if attendee is not None:
        event.add("attendee", _attendee(attendee))
    return event


def build(entries: list[Entry], *, stamp: datetime, method: str | None = None,
          name: str | None = None, refresh: timedelta | None = None,
          organizer: Person | None = None, attendee: Person | None = None) -> Calendar:
    """The icalendar object behind every calendar the app serves or mails."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    if refresh is not None:
        interval = vDuration(refresh)
        interval.params["VALUE"] = "DURATION"
        calendar.add("refresh-interval", interval)
        calendar.add("x-published-ttl", vDuration(refresh))
    first_use: dict[str, datetime] = {}
    for entry in entries:
        first_use.setdefault(entry.tz, entry.starts_at)
    for tz_name, at in first_use.items():
        calendar.add_component(vtimezone(tz_name, at))
    cancel = method == "CANCEL"
    for entry in entries:
        calendar.add_component(_vevent(entry, stamp, organizer, attendee, cancel))
    return calendar


def public_calendar(entries: list[Entry], name: str, stamp: datetime,
                    organizer: Person | None = None) -> bytes:
    """METHOD:PUBLISH, no attendees; the caller passes entries without private links."""
    return build(entries, stamp=stamp, method="PUBLISH", name=name, organizer=organizer).to_ical()


def personal_feed(entries: list[Entry], name: str, stamp: datetime) -> bytes:
    """A subscribable feed; calendar apps poll it at REFRESH-INTERVAL."""
    return build(entries, stamp=stamp, method="PUBLISH", name=name, refresh=FEED_REFRESH).to_ical()


def invitation(entries: list[Entry], organizer: Person, attendee: Person, stamp: datetime) -> bytes:
    """METHOD:REQUEST (RFC 5546): ORGANIZER and the one ATTENDEE asked to reply."""
    return build(entries, stamp=stamp, method="REQUEST", organizer=organizer,
                 attendee=attendee).to_ical()


def cancellation(entries: list[Entry], organizer: Person, attendee: Person, stamp: datetime) -> bytes:
    """METHOD:CANCEL: same UIDs, STATUS:CANCELLED."""
    return build(entries, stamp=stamp, method="CANCEL", organizer=organizer,
                 attendee=attendee).to_ical()
