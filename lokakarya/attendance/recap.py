"""Everyone's attendance for one event, in a fixed number of statements: per registration
minutes per session and status, and counts per session, province and agency."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Row, func
from sqlalchemy.orm import joinedload, selectinload

from lokakarya.agencies.models import Agency
from lokakarya.attendance.models import Attendance, SessionAttendanceRule
from lokakarya.attendance.rules import SessionRule, SourceRow, effective_minutes, status
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.registration.models import Registration


@dataclass
class PersonAttendance:
    registration: Registration
    minutes: dict[int, int | None]  # session id → minutes (None: excused)
    first_join: dict[int, datetime]
    sources: dict[int, list[str]]
    notes: dict[int, str]
    manual: dict[int, str]
    status: str

    @property
    def total(self) -> int:
        return sum(m or 0 for m in self.minutes.values())

    @property
    def eligible(self) -> bool:
        return self.status == "hadir"


@dataclass
class Group:
    label: str
    registered: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"hadir": 0, "sebagian": 0, "tidak_hadir": 0})

    @property
    def rate(self) -> int:
        return round(100 * self.counts["hadir"] / self.registered) if self.registered else 0


@dataclass
class Recap:
    event: Event
    sessions: list[EventSession]
    rules: dict[int, SessionRule]
    people: list[PersonAttendance]
    present_by_session: dict[int, int]
    by_province: list[Group]
    by_agency: list[Group]

    @property
    def counts(self) -> dict[str, int]:
        totals = {"hadir": 0, "sebagian": 0, "tidak_hadir": 0}
        for person in self.people:
            totals[person.status] += 1
        return totals

    def session_rate(self, session_id: int) -> int:
        return round(100 * self.present_by_session.get(session_id, 0) / len(self.people)) if self.people else 0

    # Chart rows: (label, value, maximum).
    def session_chart(self) -> list[tuple[str, int, int]]:
        return [(s.title, self.session_rate(s.id), 100) for s in self.sessions if not s.cancelled]

    def province_chart(self) -> list[tuple[str, int, int]]:
        return [(g.label, g.rate, 100) for g in self.by_province]


def session_rules(event: Event) -> dict[int, SessionRule]:
    settings = {r.session_id: r for r in db.session.execute(
        db.select(SessionAttendanceRule).join(EventSession)
        .where(EventSession.event_id == event.id)).scalars()}
    rules = {}
    for s in event.sessions:
        setting = settings.get(s.id)
        rules[s.id] = SessionRule(s.id, s.starts_at, s.ends_at, bool(setting and setting.mandatory),
                                  s.cancelled, setting.checkin_code if setting else "")
    return rules


def _confirmed(event: Event):
    return (db.select(Registration)
            .where(Registration.event_id == event.id, Registration.status == "confirmed")
            .options(joinedload(Registration.agency).joinedload(Agency.province))
            .order_by(Registration.name, Registration.id))


_ROW_COLUMNS = (Attendance.registration_id, Attendance.session_id, Attendance.source, Attendance.minutes,
                Attendance.first_join_at, Attendance.status, Attendance.note)


def _by_registration(query) -> dict[int, dict[int, list[Row]]]:
    rows: dict[int, dict[int, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in db.session.execute(query):
        rows[row.registration_id][row.session_id].append(row)
    return rows


def build_recap(event: Event) -> Recap:
    rules = session_rules(event)
    registrations = list(db.session.execute(_confirmed(event)).scalars())
    # Columns, not objects: an event may hold 100,000 rows.
    rows = _by_registration(db.select(*_ROW_COLUMNS).join(EventSession).where(EventSession.event_id == event.id))
    people = [_person(reg, rows.get(reg.id, {}), rules, event.attendance_threshold)
              for reg in registrations]
    present = defaultdict(int)
    for person in people:
        for sid, minutes in person.minutes.items():
            if minutes and not rules[sid].cancelled:
                present[sid] += 1
    return Recap(event, list(event.sessions), rules, people, dict(present),
                 _groups(people, _province_label), _groups(people, _agency_label))


def people_page(event: Event, rules: dict[int, SessionRule], limit: int,
                offset: int) -> tuple[list[PersonAttendance], int]:
    """`limit` confirmed registrations from `offset` (by name) with their attendance, and how many
    are confirmed: three statements whatever the size (the rows of that page only)."""
    total = db.session.execute(
        db.select(func.count()).select_from(Registration)
        .where(Registration.event_id == event.id, Registration.status == "confirmed")
    ).scalar_one()
    registrations = list(db.session.execute(_confirmed(event).limit(limit).offset(offset)).scalars())
    rows = _by_registration(db.select(*_ROW_COLUMNS).where(
        Attendance.registration_id.in_([r.id for r in registrations])))
    return [_person(reg, rows.get(reg.id, {}), rules, event.attendance_threshold)
            for reg in registrations], total


@dataclass(frozen=True)
class SessionSummary:
    confirmed: int
    present: int  # counted minutes > 0
    excused: int

    @property
    def absent(self) -> int:
        return self.confirmed - self.present - self.excused

    @property
    def rate(self) -> int:
        return round(100 * self.present / self.confirmed) if self.confirmed else 0


def session_summary(event: Event, rule: SessionRule) -> SessionSummary:
    """Who was at one session, from that session's rows alone (two statements)."""
    confirmed = db.session.execute(
        db.select(func.count()).select_from(Registration)
        .where(Registration.event_id == event.id, Registration.status == "confirmed")
    ).scalar_one()
    found: dict[int, list[SourceRow]] = defaultdict(list)
    for row in db.session.execute(
        db.select(Attendance.registration_id, Attendance.source, Attendance.minutes, Attendance.first_join_at,
                  Attendance.status)
        .join(Registration, Registration.id == Attendance.registration_id)
        .where(Attendance.session_id == rule.id, Registration.status == "confirmed")
    ):
        found[row.registration_id].append(SourceRow(row.source, row.minutes, row.first_join_at, row.status))
    counted = [effective_minutes(rows, rule) for rows in found.values()]
    return SessionSummary(confirmed, sum(1 for m in counted if m), sum(1 for m in counted if m is None))


def _person(registration: Registration, by_session: dict[int, list[Row]],
            rules: dict[int, SessionRule], threshold: int) -> PersonAttendance:
    minutes, first_join, sources, notes, manual = {}, {}, {}, {}, {}
    for sid, rule in rules.items():
        found = by_session.get(sid, [])
        minutes[sid] = effective_minutes(
            [SourceRow(r.source, r.minutes, r.first_join_at, r.status) for r in found], rule)
        joins = [r.first_join_at for r in found if r.first_join_at is not None]
        if joins:
            first_join[sid] = min(joins)
        if found:
            sources[sid] = sorted({r.source for r in found})
        for r in found:
            if r.source == "manual":
                notes[sid], manual[sid] = r.note, r.status or ""
    return PersonAttendance(registration, minutes, first_join, sources, notes, manual,
                            status(minutes, rules.values(), threshold))


def _province_label(registration: Registration) -> str:
    agency = registration.agency
    return agency.province.name if agency and agency.province else "—"


def _agency_label(registration: Registration) -> str:
    return registration.agency.name if registration.agency else "—"


def _groups(people: list[PersonAttendance], label_of) -> list[Group]:
    groups: dict[str, Group] = {}
    for person in people:
        label = label_of(person.registration)
        group = groups.setdefault(label, Group(label))
        group.registered += 1
        group.counts[person.status] += 1
    return sorted(groups.values(), key=lambda g: g.label)


def reportless_sessions(event: Event) -> dict[str, list[str]]:
    """Provider label → titles of the sessions held in a meeting created there whose provider
    keeps no attendance report (Jitsi): the recap tells the organiser so. One statement."""
    from lokakarya.vc import providers

    without = {name: m.LABEL for name, m in providers.all_providers().items() if not getattr(m, "ATTENDANCE", True)}
    if not without:
        return {}
    meetings = db.session.execute(
        db.select(Meeting.session_id, Meeting.provider, Meeting.managed, Meeting.state)
        .where(Meeting.event_id == event.id)).all()
    held = {m.session_id: m.provider if m.managed and m.state != "cancelled" else None for m in meetings}
    wide = held.get(None)
    found: dict[str, list[str]] = {}
    for session in event.sessions:
        if session.cancelled:
            continue
        provider = held[session.id] if session.id in held else wide
        if provider in without:
            found.setdefault(without[provider], []).append(session.title)
    return found


def event_for_recap(slug: str) -> Event | None:
    return db.session.execute(
        db.select(Event).where(Event.slug == slug).options(selectinload(Event.sessions))
    ).scalar_one_or_none()
