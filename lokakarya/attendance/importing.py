"""Importing a platform report: plan (what would change) and apply (one flush, no commit).

The plan is computed again from the stored file for the preview, after every review decision
and when applying, so what is saved is exactly what was shown.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import bindparam, delete, insert, update

from lokakarya.agencies.models import Agency
from lokakarya.attendance.minutes import SessionPresence, SessionSpan, per_session
from lokakarya.attendance.models import Attendance, AttendanceImport, NameDecision
from lokakarya.attendance.names import Match, Matcher, Person, identity
from lokakarya.attendance.presence import refresh
from lokakarya.attendance.report import ParsedReport, ReportError, parse_report
from lokakarya.audit.services import record
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.regions.models import Province
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc, to_zone

MAX_BYTES = 15 * 1024 * 1024  # a 100,000-row Zoom export is about 10-13 MB
CHUNK = 5000  # rows per executemany when saving


@dataclass
class ReviewItem:
    """A person in the report who is not (or not surely) one of the registrations."""
    identity: str
    display: str
    email: str
    how: str  # ambiguous / unmatched / ignored
    rows: int = 0
    minutes: int = 0
    candidates: tuple[int, ...] = ()


@dataclass
class ImportPlan:
    format: str
    source: str
    rows: int
    matched: int
    unmatched: int
    ignored: int
    covered: list[int]  # session ids the report spans
    presence: dict[int, dict[int, SessionPresence]]  # registration → session → presence
    review: list[ReviewItem]
    new: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    minutes_by_session: dict[int, int] = field(default_factory=dict)
    people_by_session: dict[int, int] = field(default_factory=dict)
    # Sessions the report spans that were left alone: their attendance was pulled already.
    locked: list[int] = field(default_factory=list)
    # The rows of this source the plan was compared with (reused when applied right away).
    existing: dict[tuple[int, int], tuple] = field(default_factory=dict, repr=False)
    event_id: int = 0


def event_days(event: Event) -> set[date]:
    return {to_zone(s.starts_at, event.timezone).date() for s in event.sessions}


def read_report(event: Event, data: bytes, zone: str, date_order: str | None) -> ParsedReport:
    if len(data) > MAX_BYTES:
        raise ReportError("too_large", None, str(len(data)))
    return parse_report(data, zone, event_days(event), date_order or None)


def people_of(event: Event) -> list[Person]:
    """Confirmed registrations as plain values (columns, not objects: there may be 20,000)."""
    rows = db.session.execute(
        db.select(Registration.id, Registration.name, Registration.email, Agency.name, Agency.kind,
                  Province.name)
        .outerjoin(Agency, Registration.agency_id == Agency.id)
        .outerjoin(Province, Agency.province_code == Province.code)
        .where(Registration.event_id == event.id, Registration.status == "confirmed")
    )
    return [Person(rid, name or "", email or "", " ".join(p for p in (agency, kind, province) if p))
            for rid, name, email, agency, kind, province in rows]


def decisions_of(event: Event) -> dict[str, int | None]:
    rows = db.session.execute(
        db.select(NameDecision.identity, NameDecision.registration_id)
        .where(NameDecision.event_id == event.id)
    )
    return {key: registration_id for key, registration_id in rows}


def pulled_session_ids(event: Event) -> set[int]:
    """Sessions whose attendance was pulled from their meeting's provider (vc worker): final,
    so an uploaded report leaves them alone."""
    done = [m for m in event.meetings if m.managed and m.pull_state == "done"]
    found: set[int] = set()
    for meeting in done:
        if meeting.session_id is not None:
            found.add(meeting.session_id)
        else:
            found.update(s.id for s in event.sessions if s.meeting is None)
    return found


def plan_import(event: Event, report: ParsedReport, people: list[Person] | None = None,
                only: set[int] | None = None, locked: set[int] | None = None) -> ImportPlan:
    """`only`: the sessions a pulled report is for; `locked`: sessions left alone (pulled
    already; an upload's default)."""
    people = people if people is not None else people_of(event)
    known = {p.id for p in people}
    matcher = Matcher(people, decisions_of(event))
    if locked is None:
        locked = pulled_session_ids(event) if only is None else set()
    sessions = [SessionSpan(s.id, s.starts_at, s.ends_at) for s in event.sessions if not s.cancelled
                and (only is None or s.id in only) and s.id not in locked]
    intervals: dict[int, list] = defaultdict(list)
    review: dict[str, ReviewItem] = {}
    seen: dict[tuple[str, str], Match] = {}
    counts = {"matched": 0, "unmatched": 0, "ignored": 0}
    for row in report.rows:
        if row.registration_id is not None and row.registration_id in known:
            counts["matched"] += 1  # the provider said who it is
            intervals[row.registration_id].append((row.joined, row.left, row.presence))
            continue
        match = seen.get((row.email, row.name))
        if match is None:
            match = seen[(row.email, row.name)] = matcher.match(row.email, row.name)
        if match.registration_id is not None:
            counts["matched"] += 1
            intervals[match.registration_id].append((row.joined, row.left, row.presence))
            continue
        counts["ignored" if match.how == "ignored" else "unmatched"] += 1
        key = identity(row.email, row.name)
        item = review.setdefault(key, ReviewItem(key, row.name, row.email, match.how,
                                                 candidates=match.candidates))
        item.rows += 1
        item.minutes += int((row.left - row.joined).total_seconds() * row.presence // 60)
    first = min(r.joined for r in report.rows)
    last = max(r.left for r in report.rows)
    covered = [s.id for s in sessions if s.starts_at < last and s.ends_at > first]
    skipped = sorted(s.id for s in event.sessions if s.id in locked and not s.cancelled
                     and s.starts_at < last and s.ends_at > first)
    presence = {reg: per_session(spans, sessions) for reg, spans in intervals.items()}
    plan = ImportPlan(report.format, report.source, len(report.rows), counts["matched"],
                      counts["unmatched"], counts["ignored"], covered,
                      {reg: found for reg, found in presence.items() if found},
                      sorted(review.values(), key=lambda i: (i.how == "ignored", i.display.lower())),
                      locked=skipped, event_id=event.id)
    for found in plan.presence.values():
        for session_id, seen_at in found.items():
            plan.minutes_by_session[session_id] = plan.minutes_by_session.get(session_id, 0) + seen_at.minutes
            plan.people_by_session[session_id] = plan.people_by_session.get(session_id, 0) + 1
    plan.existing = _existing(plan)
    _diff(plan, plan.existing)
    return plan


def _existing(plan: ImportPlan) -> dict[tuple[int, int], tuple]:
    if not plan.covered:
        return {}
    rows = db.session.execute(
        db.select(Attendance.registration_id, Attendance.session_id, Attendance.id,
                  Attendance.minutes, Attendance.first_join_at, Attendance.last_leave_at)
        .where(Attendance.source == plan.source, Attendance.session_id.in_(plan.covered))
    )
    return {(r[0], r[1]): (r[2], r[3], r[4], r[5]) for r in rows}


def _wanted(plan: ImportPlan) -> dict[tuple[int, int], SessionPresence]:
    return {(reg, sid): p for reg, found in plan.presence.items() for sid, p in found.items()}


def _diff(plan: ImportPlan, existing: dict[tuple[int, int], tuple]) -> None:
    wanted = _wanted(plan)
    for key, p in wanted.items():
        old = existing.get(key)
        if old is None:
            plan.new += 1
        elif (old[1], old[2], old[3]) == (p.minutes, p.first_join, p.last_leave):
            plan.unchanged += 1
        else:
            plan.changed += 1
    plan.removed = sum(1 for key in existing if key not in wanted)


def apply_import(plan: ImportPlan) -> None:
    """Write the plan's rows for its source and sessions: insert, update, delete (flush only).
    Rows of other sources (manual marks, check-ins, join links) are never touched."""
    existing = plan.existing  # read in this transaction by plan_import
    wanted = _wanted(plan)
    stamp = now_utc()
    # Core statements, executed many, a chunk at a time: the ORM's bookkeeping would cost
    # seconds and the parameter lists memory at 100,000 rows.
    table = Attendance.__table__
    inserts, updates = [], []
    touched = {reg for reg, sid in existing if (reg, sid) not in wanted}  # the people whose rows change
    for (reg, sid), p in wanted.items():
        values = {"minutes": p.minutes, "first_join_at": p.first_join, "last_leave_at": p.last_leave}
        old = existing.get((reg, sid))
        if old is None or (old[1], old[2], old[3]) != (p.minutes, p.first_join, p.last_leave):
            touched.add(reg)
        if old is None:
            inserts.append({"registration_id": reg, "session_id": sid, "source": plan.source,
                            "note": "", "created_at": stamp, "updated_at": stamp, **values})
        elif (old[1], old[2], old[3]) != (p.minutes, p.first_join, p.last_leave):
            updates.append({"row_id": old[0], "updated_at": stamp, **values})
        if len(inserts) >= CHUNK:
            db.session.execute(insert(table), inserts)
            inserts = []
        if len(updates) >= CHUNK:
            db.session.execute(update(table).where(table.c.id == bindparam("row_id")), updates)
            updates = []
    if inserts:
        db.session.execute(insert(table), inserts)
    if updates:
        db.session.execute(update(table).where(table.c.id == bindparam("row_id")), updates)
    stale = [old[0] for key, old in existing.items() if key not in wanted]
    for start in range(0, len(stale), 500):
        db.session.execute(delete(Attendance).where(Attendance.id.in_(stale[start:start + 500])))
    db.session.flush()
    refresh(plan.event_id, touched)


def save_import(row: AttendanceImport, plan: ImportPlan) -> None:
    """Apply the plan and mark its import applied, without its file (personal data), audited.
    The page's stored upload and the API's one-step import both end here."""
    apply_import(plan)
    row.status, row.applied_at, row.content = "applied", now_utc(), None
    row.matched, row.unmatched = plan.matched, plan.unmatched
    db.session.add(row)
    db.session.flush()
    record("attendance.import", row, after={"format": plan.format, "rows": plan.rows, "new": plan.new,
                                           "changed": plan.changed, "removed": plan.removed},
           event_id=row.event_id)


def remember_decision(event: Event, key: str, registration_id: int | None, user_id: int | None) -> None:
    row = db.session.execute(
        db.select(NameDecision).where(NameDecision.event_id == event.id, NameDecision.identity == key)
    ).scalar_one_or_none()
    if row is None:
        row = NameDecision(event_id=event.id, identity=key)
        db.session.add(row)
    row.registration_id, row.decided_by_id = registration_id, user_id
    db.session.flush()


def sessions_summary(event: Event, plan: ImportPlan) -> list[dict]:
    return [{"session_id": s.id, "title": s.title, "minutes": plan.minutes_by_session.get(s.id, 0),
             "participants": plan.people_by_session.get(s.id, 0)}
            for s in event.sessions if s.id in plan.covered]


def discard_stale_uploads(event: Event, user_id: int | None, max_age_hours: int = 24) -> None:
    """Uploaded reports hold names and e-mails: drop the ones never applied (this user's
    earlier ones, and anyone's older than a day) when a new one comes in."""
    cutoff = now_utc() - timedelta(hours=max_age_hours)
    db.session.execute(delete(AttendanceImport).where(
        AttendanceImport.event_id == event.id, AttendanceImport.status == "pending",
        (AttendanceImport.created_by_id == user_id) | (AttendanceImport.created_at < cutoff)))
