"""Minutes per session from join/leave intervals (pure).

Reconnects of one person are merged first, so overlapping intervals (two devices, a rejoin
before the old connection timed out) are counted once; then the union is cut at each session.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SessionSpan:
    id: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class SessionPresence:
    minutes: int
    first_join: datetime  # within the session
    last_leave: datetime


Interval = tuple[datetime, datetime, float]  # joined, left, presence share (1.0 = all of it)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
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
    spans = merge(list(intervals))
    result = {}
    for session in sessions:
        seconds = 0.0
        first = last = None
        for start, end, share in spans:
            lo, hi = max(start, session.starts_at), min(end, session.ends_at)
            if hi <= lo:
                continue
            seconds += (hi - lo).total_seconds() * share
            first = lo if first is None or lo < first else first
            last = hi if last is None or hi > last else last
        length = (session.ends_at - session.starts_at).total_seconds()
        seconds = min(seconds, length)
        if first is not None and seconds >= 60:
            result[session.id] = SessionPresence(int(seconds // 60), first, last)
    return result
