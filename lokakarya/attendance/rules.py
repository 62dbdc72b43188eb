"""The attendance rule (pure): effective minutes per session from every source, and the
status hadir / hadir sebagian / tidak hadir against the event's threshold."""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

REPORT_SOURCES = ("zoom", "teams", "meet", "bbb")
STATUSES = ("hadir", "sebagian", "tidak_hadir")


@dataclass(frozen=True)
class SessionRule:
    id: int
    starts_at: datetime
    ends_at: datetime
    mandatory: bool = False
    cancelled: bool = False
    checkin_code: str = ""  # not used by the rule; shown on the recap beside `mandatory`

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class SourceRow:
    """One Attendance row, reduced to what the rule needs."""
    source: str
    minutes: int | None = None
    first_join_at: datetime | None = None
    status: str | None = None  # manual rows: present / absent / excused


def effective_minutes(rows: Iterable[SourceRow], session: SessionRule) -> int | None:
    """Minutes that count for one person at one session; None when excused.

    A hand-made mark wins; then a platform report; a self check-in counts the whole session
    (the code is read out during it); a tracked join alone counts from the join to the end."""
    by_source = {row.source: row for row in rows}
    manual = by_source.get("manual")
    if manual is not None and manual.status:
        return {"present": session.minutes, "absent": 0}.get(manual.status)
    reported = [by_source[s].minutes or 0 for s in REPORT_SOURCES if s in by_source]
    if reported:
        return min(max(reported), session.minutes)
    if "checkin" in by_source:
        return session.minutes
    link = by_source.get("link")
    live = by_source.get("live")  # a provider's live notices (Zoom webhooks) until its report
    if live is not None and live.minutes:
        return min(live.minutes, session.minutes)
    if link is not None and link.first_join_at is not None and link.first_join_at < session.ends_at:
        start = max(link.first_join_at, session.starts_at)
        return int((session.ends_at - start).total_seconds() // 60)
    return 0


def status(minutes: Mapping[int, int | None], sessions: Iterable[SessionRule], threshold: int) -> str:
    """hadir when the threshold (percent) is met: of every mandatory session if the event names
    any, else of all scheduled minutes; cancelled and excused sessions do not count."""
    counted = [s for s in sessions if not s.cancelled and minutes.get(s.id, 0) is not None]
    attended = {s.id: minutes.get(s.id) or 0 for s in counted}
    if sum(attended.values()) == 0:
        return "tidak_hadir"
    mandatory = [s for s in counted if s.mandatory]
    if mandatory:
        met = all(attended[s.id] * 100 >= threshold * s.minutes for s in mandatory)
    else:
        met = sum(attended.values()) * 100 >= threshold * sum(s.minutes for s in counted)
    return "hadir" if met else "sebagian"
