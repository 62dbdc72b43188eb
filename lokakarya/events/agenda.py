"""Group an event's sessions by local day (pure)."""
from datetime import date
from itertools import groupby

from lokakarya.timeutil import to_zone


def by_day(sessions, tz_name: str) -> list[tuple[date, list]]:
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.position))
    return [
        (day, list(items))
        for day, items in groupby(ordered, key=lambda s: to_zone(s.starts_at, tz_name).date())
    ]
