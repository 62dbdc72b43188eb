"""Minutes per session from join/leave intervals (pure).

Reconnects of one person are merged first, so overlapping intervals (two devices, a rejoin
before the old connection timed out) are counted once; then the union is cut at each session.
"""
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache


@dataclass(frozen=True)
class SessionSpan:
    id: int
    starts_at: datetime
    ends_at: datetime
    start: float = field(init=False)  # the same instants as seconds, for the hot loop
    end: float = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "start", self.starts_at.timestamp())
        object.__setattr__(self, "end", self.ends_at.timestamp())


@dataclass(frozen=True, slots=True)
class SessionPresence:
    minutes: int
    first_join: datetime  # within the session
    last_leave: datetime


Interval = tuple[datetime, datetime, float]  # joined, left, presence share (1.0 = all of it)


def merge(intervals: Iterable[tuple]) -> list[tuple]:
    """Union of full-presence intervals; partial-presence ones (Meet totals) are kept apart."""
    full = sorted((a, b) for a, b, share in intervals if share >= 1.0)
    merged: list[list[datetime]] = []
    for start, end in full:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    partial = [i for i in intervals if i[2] < 1.0]
    return [(a, b, 1.0) for a, b in merged] + partial


def per_session(intervals: Iterable[Interval], sessions: Sequence[SessionSpan]
                ) -> dict[int, SessionPresence]:
    """Minutes (whole, rounded down) of each session the intervals cover; sessions without
    any presence are left out."""
    # Plain seconds: comparing aware datetimes is slow when 100,000 rows come in.
    merged = merge([(a.timestamp(), b.timestamp(), share) for a, b, share in intervals])
    full = [(a, b) for a, b, share in merged if share >= 1.0]
    partial = [i for i in merged if i[2] < 1.0]
    ends = [end for _start, end in full]  # the merged full spans are disjoint and sorted
    result = {}
    for session in sessions:
        s_start, s_end = session.start, session.end
        overlaps = []
        for start, end in full[bisect_right(ends, s_start):]:
            if start >= s_end:
                break
            overlaps.append((max(start, s_start), min(end, s_end), 1.0))
        for start, end, share in partial:
            if start < s_end and end > s_start:
                overlaps.append((max(start, s_start), min(end, s_end), share))
        if not overlaps:
            continue
        seconds = min(sum((hi - lo) * share for lo, hi, share in overlaps), s_end - s_start)
        if seconds >= 60:
            result[session.id] = SessionPresence(int(seconds // 60), _instant(min(o[0] for o in overlaps)),
                                                 _instant(max(o[1] for o in overlaps)))
    return result


@lru_cache(maxsize=65536)  # reports repeat the same minutes
def _instant(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
