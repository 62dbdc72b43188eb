"""iCalendar documents from plain values (pure: dataclasses in, bytes out).

Every calendar carries a VTIMEZONE for each zone it uses with a single STANDARD component:
Indonesian zones have no daylight saving and Outlook rejects invented DST rules.

`build()` makes the `icalendar` objects. Feeds with hundreds of sessions are written by
`serialise()`: the calendar head (properties, VTIMEZONEs) and the ORGANIZER/ATTENDEE lines come
from `icalendar`, the VEVENT lines are written here with icalendar's folding, byte for byte what
`build(...).to_ical()` gives (a test holds them equal) in a fraction of the time. One deliberate
difference: a literal backslash-N in a text is escaped, where icalendar turns it into a newline.
"""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneStandard, vCalAddress, vDuration, vText
from icalendar.parser import Contentline, foldline

from lokakarya.core.text import without_forbidden_characters
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
    # Calendars store lines with LF; a CR would come back as a different string. RFC 5545 text
    # carries no other control characters (stored ones, from before input was checked, go).
    # Leading byte-order marks are read away by calendar parsers (icalendar decodes utf-8-sig).
    text = without_forbidden_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.lstrip("\ufeff")


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
        address.params["CN"] = vText(_clean(person.name))
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


def _head(entries: list[Entry], method: str | None, name: str | None,
          refresh: timedelta | None) -> Calendar:
    """The calendar's properties and a VTIMEZONE per zone the entries use, without the entries."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("name", _clean(name))
        calendar.add("x-wr-calname", _clean(name))
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
    return calendar


def build(entries: list[Entry], *, stamp: datetime, method: str | None = None,
          name: str | None = None, refresh: timedelta | None = None,
          organizer: Person | None = None, attendee: Person | None = None) -> Calendar:
    """The icalendar object behind every calendar the app serves or mails."""
    calendar = _head(entries, method, name, refresh)
    cancel = method == "CANCEL"
    for entry in entries:
        calendar.add_component(_vevent(entry, stamp, organizer, attendee, cancel))
    return calendar


def _text(value: str) -> str:
    """RFC 5545 TEXT escaping (the value has LF line ends, see _clean)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _address_line(name: str, address: vCalAddress) -> str:
    return str(Contentline.from_parts(name, address.params, address))


def _vevent_text(entry: Entry, stamp: str, organizer: str | None, attendee: str | None,
                 cancel: bool) -> str:
    zone = ZoneInfo(entry.tz)
    fmt = "%Y%m%dT%H%M%S"
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + _text(_clean(entry.summary)),
        f"DTSTART;TZID={entry.tz}:{entry.starts_at.astimezone(zone).strftime(fmt)}",
        f"DTEND;TZID={entry.tz}:{entry.ends_at.astimezone(zone).strftime(fmt)}",
        "DTSTAMP:" + stamp,
        "UID:" + _text(entry.uid),
        f"SEQUENCE:{entry.sequence}",
    ]
    if attendee:
        lines.append(attendee)
    if entry.description:
        lines.append("DESCRIPTION:" + _text(_clean(entry.description)))
    if entry.location:
        lines.append("LOCATION:" + _text(_clean(entry.location)))
    if organizer:
        lines.append(organizer)
    cancelled = cancel or entry.cancelled
    lines.append("STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED")
    lines.append("TRANSP:TRANSPARENT" if cancelled else "TRANSP:OPAQUE")
    if entry.url:
        lines.append("URL:" + entry.url)
    lines.append("END:VEVENT")
    return "".join(foldline(line) + "\r\n" for line in lines)


def serialise(entries: list[Entry], *, stamp: datetime, method: str | None = None,
              name: str | None = None, refresh: timedelta | None = None,
              organizer: Person | None = None, attendee: Person | None = None) -> bytes:
    """The bytes of `build(...).to_ical()`, written directly (see the module docstring)."""
    head_bytes = _head(entries, method, name, refresh).to_ical()
    end = b"END:VCALENDAR\r\n"
    stamp_text = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    organizer_line = _address_line("ORGANIZER", _address(organizer)) if organizer else None
    attendee_line = _address_line("ATTENDEE", _attendee(attendee)) if attendee else None
    cancel = method == "CANCEL"
    body = "".join(_vevent_text(e, stamp_text, organizer_line, attendee_line, cancel) for e in entries)
    return head_bytes[: -len(end)] + body.encode("utf-8") + end


def public_calendar(entries: list[Entry], name: str, stamp: datetime,
                    organizer: Person | None = None) -> bytes:
    """METHOD:PUBLISH, no attendees; the caller passes entries without private links."""
    return serialise(entries, stamp=stamp, method="PUBLISH", name=name, organizer=organizer)


def personal_feed(entries: list[Entry], name: str, stamp: datetime) -> bytes:
    """A subscribable feed; calendar apps poll it at REFRESH-INTERVAL."""
    return serialise(entries, stamp=stamp, method="PUBLISH", name=name, refresh=FEED_REFRESH)


def invitation(entry: Entry, organizer: Person, attendee: Person, stamp: datetime) -> bytes:
    """METHOD:REQUEST (RFC 5546) for one session: ORGANIZER and the one ATTENDEE asked to reply.
    iTIP allows one UID per message, so every session is invited on its own."""
    return serialise([entry], stamp=stamp, method="REQUEST", organizer=organizer, attendee=attendee)


def cancellation(entry: Entry, organizer: Person, attendee: Person, stamp: datetime) -> bytes:
    """METHOD:CANCEL for one session: same UID, STATUS:CANCELLED."""
    return serialise([entry], stamp=stamp, method="CANCEL", organizer=organizer, attendee=attendee)
