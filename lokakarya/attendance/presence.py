"""Keeping Presence and Standing (models.py) equal to what the attendance rule (rules.py) makes
of the rows: every path that writes attendance rows, and every change of what the rule reads
(session times, cancellations, mandatory sessions, the threshold), calls refresh or
refresh_event before its commit. Pages then count with GROUP BY instead of reading everyone."""
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import bindparam, delete, union

from lokakarya.attendance.models import Attendance, Presence, SessionAttendanceRule, Standing
from lokakarya.attendance.rules import SessionRule, SourceRow, effective_minutes, status
from lokakarya.core.writes import insert_with_conflicts
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.registration.models import Registration

CHUNK = 1000  # registrations per round (an import or a rule change may touch 20,000)


def refresh(event_id: int, registration_ids: Iterable[int]) -> None:
    """Recompute these registrations of the event from their rows (flush only)."""
    ids = sorted(set(registration_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        # Concurrent writers of one person's rows (a join, a webhook, an import) recompute one
        # after the other, each reading what the other committed (PostgreSQL; SQLite has one writer).
        db.session.execute(db.select(Registration.id).where(Registration.id.in_(chunk))
                           .order_by(Registration.id).with_for_update(key_share=True))
        _refresh_chunk(event_id, chunk, *_rules(event_id))
    db.session.flush()


def refresh_event(event_id: int) -> None:
    """Recompute everyone of the event: after a change of the rule's inputs."""
    db.session.flush()  # the change itself, so that the rules read below see it
    in_event = db.select(EventSession.id).where(EventSession.event_id == event_id)
    ids = db.session.execute(union(
        db.select(Attendance.registration_id).where(Attendance.session_id.in_(in_event)),
        db.select(Presence.registration_id).where(Presence.event_id == event_id),
        db.select(Standing.registration_id).where(Standing.event_id == event_id),
    )).scalars()
    refresh(event_id, ids)


def _rules(event_id: int) -> tuple[dict[int, SessionRule], int]:
    """The sessions as the rule sees them and the threshold, read as columns (fresh, not the
    objects this request may hold)."""
    rows = db.session.execute(
        db.select(EventSession.id, EventSession.starts_at, EventSession.ends_at, EventSession.status,
                  SessionAttendanceRule.mandatory, Event.attendance_threshold)
        .join(Event, Event.id == EventSession.event_id)
        .outerjoin(SessionAttendanceRule, SessionAttendanceRule.session_id == EventSession.id)
        .where(EventSession.event_id == event_id)).all()
    rules = {r.id: SessionRule(r.id, r.starts_at, r.ends_at, bool(r.mandatory), r.status == "cancelled")
             for r in rows}
    return rules, rows[0].attendance_threshold if rows else 0


def compute(rows: Iterable, rules: dict[int, SessionRule], threshold: int
            ) -> tuple[dict[tuple[int, int], int | None], dict[int, tuple[str, int]]]:
    """From attendance rows (registration_id, session_id, source, minutes, first_join_at,
    status): minutes per (registration, session) with rows, and (status, minutes) per
    registration with rows."""
    found: dict[int, dict[int, list[SourceRow]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.session_id in rules:
            found[r.registration_id][r.session_id].append(
                SourceRow(r.source, r.minutes, r.first_join_at, r.status))
    presence, standing = {}, {}
    for reg, by_session in found.items():
        minutes = {sid: effective_minutes(sources, rules[sid]) for sid, sources in by_session.items()}
        presence.update({(reg, sid): m for sid, m in minutes.items()})
        everyone = {sid: minutes.get(sid, 0) for sid in rules}
        standing[reg] = (status(everyone, rules.values(), threshold), sum(m or 0 for m in minutes.values()))
    return presence, standing


def _refresh_chunk(event_id: int, chunk: list[int], rules: dict[int, SessionRule], threshold: int) -> None:
    rows = db.session.execute(
        db.select(Attendance.registration_id, Attendance.session_id, Attendance.source, Attendance.minutes,
                  Attendance.first_join_at, Attendance.status)
        .where(Attendance.registration_id.in_(chunk))) if rules else []
    presence, standing = compute(rows, rules, threshold)
    had_presence = {(r[0], r[1]): r[2] for r in db.session.execute(
        db.select(Presence.registration_id, Presence.session_id, Presence.minutes)
        .where(Presence.registration_id.in_(chunk)))}
    had_standing = {r[0]: (r[1], r[2]) for r in db.session.execute(
        db.select(Standing.registration_id, Standing.status, Standing.minutes)
        .where(Standing.registration_id.in_(chunk)))}
    _write(Presence.__table__, ["registration_id", "session_id"],
           [{"registration_id": reg, "session_id": sid, "event_id": event_id, "minutes": m}
            for (reg, sid), m in presence.items() if (reg, sid) not in had_presence or had_presence[reg, sid] != m],
           [{"registration_id": reg, "session_id": sid} for reg, sid in had_presence if (reg, sid) not in presence])
    _write(Standing.__table__, ["registration_id"],
           [{"registration_id": reg, "event_id": event_id, "status": state, "minutes": total}
            for reg, (state, total) in standing.items() if had_standing.get(reg) != (state, total)],
           [{"registration_id": reg} for reg in had_standing if reg not in standing])


def _write(table, keys: list[str], upserts: list[dict], removals: list[dict]) -> None:
    """Insert or update `upserts` (by their key) and delete `removals` (their keys), each as one
    executemany."""
    if upserts:
        statement = insert_with_conflicts(table)
        changed = {c: statement.excluded[c] for c in upserts[0] if c not in keys}
        db.session.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed), upserts)
    if removals:
        where = [table.c[key] == bindparam(f"old_{key}") for key in keys]
        db.session.execute(delete(table).where(*where), [{f"old_{k}": r[k] for k in keys} for r in removals])
