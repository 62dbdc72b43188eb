"""Everyone's attendance for one event, in a fixed number of statements: counts per status,
session, province and agency from the presence tables (presence.py keeps them), and people a
page or a batch at a time with their minutes per session and status from their rows."""
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Row, func, literal_column
from sqlalchemy.orm import joinedload, selectinload

from lokakarya.agencies.models import Agency
from lokakarya.attendance.models import Attendance, Presence, SessionAttendanceRule, Standing
from lokakarya.attendance.rules import STATUSES, SessionRule, SourceRow, effective_minutes, status
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.regions.models import Province
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
    """The event's attendance in counts (from the standings and presence tables: a fixed number
    of statements, and rows that grow with the agencies, not the people)."""
    event: Event
    sessions: list[EventSession]
    rules: dict[int, SessionRule]
    confirmed: int
    counts: dict[str, int]
    present_by_session: dict[int, int]
    by_province: list[Group]
    by_agency: list[Group]  # at most AGENCY_ROWS: those with the lowest share present
    other_agencies: int = 0  # how many more there are

    def session_rate(self, session_id: int) -> int:
        return round(100 * self.present_by_session.get(session_id, 0) / self.confirmed) if self.confirmed else 0

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


def _is_confirmed(event: Event) -> tuple:
    return Registration.event_id == event.id, Registration.status == "confirmed"


AGENCY_ROWS = 100  # agencies in the recap's table (1,700 would fill the page)
# Someone without a standing attended nothing. Written out, not bound: PostgreSQL groups by it.
STATUS = func.coalesce(Standing.status, literal_column("'tidak_hadir'"))


def build_recap(event: Event) -> Recap:
    """Four statements whatever the numbers: the rules, the statuses per agency, the people
    present per session."""
    rules = session_rules(event)
    # Counted per agency first (an index of the registrations and the standings), then named.
    per_agency = (db.select(Registration.agency_id, STATUS.label("status"), func.count().label("n"))
                  .outerjoin(Standing, Standing.registration_id == Registration.id)
                  .where(*_is_confirmed(event)).group_by(Registration.agency_id, STATUS).subquery())
    groups = db.session.execute(
        db.select(Agency.name, Province.name, per_agency.c.status, per_agency.c.n)
        .select_from(per_agency)
        .outerjoin(Agency, Agency.id == per_agency.c.agency_id)
        .outerjoin(Province, Province.code == Agency.province_code)).all()
    by_agency: dict[str, Group] = {}
    by_province: dict[str, Group] = {}
    counts = dict.fromkeys(STATUSES, 0)
    for agency, province, state, n in groups:
        counts[state] += n
        for label, found in ((agency or "—", by_agency), (province or "—", by_province)):
            group = found.setdefault(label, Group(label))
            group.registered += n
            group.counts[state] += n
    present = dict(db.session.execute(
        db.select(Presence.session_id, func.count())
        .join(Registration, Registration.id == Presence.registration_id)
        .where(Presence.event_id == event.id, Presence.minutes > 0, *_is_confirmed(event))
        .group_by(Presence.session_id)).all())
    agencies = sorted(by_agency.values(), key=lambda g: (g.rate, g.label))[:AGENCY_ROWS]
    return Recap(event, list(event.sessions), rules, sum(counts.values()), counts,
                 {sid: n for sid, n in present.items() if sid in rules and not rules[sid].cancelled},
                 sorted(by_province.values(), key=lambda g: g.label),
                 sorted(agencies, key=lambda g: g.label), len(by_agency) - len(agencies))


@dataclass(frozen=True)
class PeopleFilters:
    """The recap's and the certificates page's list: by status, by province."""
    status: str = ""
    province_code: str = ""

    @classmethod
    def from_args(cls, args) -> "PeopleFilters":
        status = args.get("status", "")
        return cls(status if status in STATUSES else "", args.get("province_code", "").strip()[:10])

    def as_args(self) -> dict[str, str]:
        """The filters set, as query-string arguments (redirects back to the list keep them)."""
        return {name: value for name, value in (("status", self.status), ("province_code", self.province_code))
                if value}


def _confirmed(event: Event, filters: PeopleFilters = PeopleFilters()):
    """The confirmed registrations the filters keep (ids: add _in_order to read the people)."""
    query = db.select(Registration.id).where(*_is_confirmed(event))
    if filters.status:
        query = query.outerjoin(Standing, Standing.registration_id == Registration.id).where(STATUS == filters.status)
    if filters.province_code:
        query = query.where(Registration.agency_id.in_(
            db.select(Agency.id).where(Agency.province_code == filters.province_code)))
    return query


def _in_order(query):
    """The people of `query` by name, with their agency and its province."""
    return (query.with_only_columns(Registration)
            .options(joinedload(Registration.agency).joinedload(Agency.province))
            .order_by(Registration.name, Registration.id))


def province_choices() -> list[tuple[str, str]]:
    """(code, name) of every province, for the list's filter."""
    return [tuple(r) for r in db.session.execute(db.select(Province.code, Province.name).order_by(Province.name))]


_ROW_COLUMNS = (Attendance.registration_id, Attendance.session_id, Attendance.source, Attendance.minutes,
                Attendance.first_join_at, Attendance.status, Attendance.note)


def _by_registration(query) -> dict[int, dict[int, list[Row]]]:
    rows: dict[int, dict[int, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in db.session.execute(query):
        rows[row.registration_id][row.session_id].append(row)
    return rows


def _people(event: Event, registrations: list[Registration], rules: dict[int, SessionRule]) -> list[PersonAttendance]:
    rows = _by_registration(db.select(*_ROW_COLUMNS).where(
        Attendance.registration_id.in_([r.id for r in registrations])))
    return [_person(reg, rows.get(reg.id, {}), rules, event.attendance_threshold) for reg in registrations]


def people_page(event: Event, rules: dict[int, SessionRule], limit: int, offset: int,
                filters: PeopleFilters = PeopleFilters()) -> tuple[list[PersonAttendance], int]:
    """`limit` confirmed registrations from `offset` (by name) that the filters keep, with their
    attendance, and how many the filters keep: three statements whatever the size."""
    query = _confirmed(event, filters)
    total = db.session.execute(db.select(func.count()).select_from(query.subquery())).scalar_one()
    registrations = list(db.session.execute(_in_order(query).limit(limit).offset(offset)).scalars())
    return _people(event, registrations, rules), total


def each_person(event: Event, rules: dict[int, SessionRule], batch: int = 1000) -> Iterator[PersonAttendance]:
    """Every confirmed registration by name with its attendance, read `batch` people at a time
    (exports of 20,000: memory stays that of one batch)."""
    query = _in_order(_confirmed(event))
    for offset in itertools.count(0, batch):
        registrations = list(db.session.execute(query.limit(batch).offset(offset)).scalars())
        yield from _people(event, registrations, rules)
        if len(registrations) < batch:
            return


@dataclass(frozen=True, slots=True)
class Line:
    """One confirmed person on the daftar hadir, read from the presence tables."""
    name: str
    agency: str
    province: str
    minutes: int | None  # at the session (None: excused), or at the whole event
    status: str  # at the whole event
    first_join: datetime | None
    sources: list[str]


def each_line(event: Event, session_id: int | None = None, batch: int = 1000) -> Iterator[Line]:
    """Every confirmed registration by name, for the whole event or one session: two statements
    per `batch` people, and no more than a batch in memory (exports of 20,000)."""
    query = (db.select(Registration.id, Registration.name, Agency.name, Province.name, STATUS, Standing.minutes)
             .outerjoin(Standing, Standing.registration_id == Registration.id)
             .outerjoin(Agency, Agency.id == Registration.agency_id)
             .outerjoin(Province, Province.code == Agency.province_code)
             .where(*_is_confirmed(event)).order_by(Registration.name, Registration.id))
    if session_id is not None:
        query = query.outerjoin(Presence, (Presence.registration_id == Registration.id)
                                & (Presence.session_id == session_id)).add_columns(
            Presence.registration_id.is_not(None), Presence.minutes)
    for offset in itertools.count(0, batch):
        people = db.session.execute(query.limit(batch).offset(offset)).all()
        rows = db.select(Attendance.registration_id, Attendance.source, func.min(Attendance.first_join_at)).where(
            Attendance.registration_id.in_([p[0] for p in people]))
        if session_id is not None:
            rows = rows.where(Attendance.session_id == session_id)
        sources: dict[int, list[str]] = defaultdict(list)
        joins: dict[int, datetime] = {}
        for reg, source, joined in db.session.execute(rows.group_by(Attendance.registration_id, Attendance.source)):
            sources[reg].append(source)
            if joined is not None and (reg not in joins or joined < joins[reg]):
                joins[reg] = joined
        for reg, name, agency, province, state, total, *at_session in people:
            minutes = total or 0
            if at_session:
                present, minutes = at_session
                minutes = minutes if present else 0
            yield Line(name or "", agency or "", province or "", minutes, state, joins.get(reg), sorted(sources[reg]))
        if len(people) < batch:
            return


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
    """Who was at one session, from its presence (one statement)."""
    confirmed, present, excused = db.session.execute(
        db.select(func.count(), func.count(Presence.minutes).filter(Presence.minutes > 0),
                  func.count(Presence.registration_id).filter(Presence.minutes.is_(None)))
        .select_from(Registration)
        .outerjoin(Presence, (Presence.registration_id == Registration.id) & (Presence.session_id == rule.id))
        .where(*_is_confirmed(event))).one()
    return SessionSummary(confirmed, present, excused)


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
