"""Report timestamps: local wall-clock times without an offset, dates day- or month-first.

The order is decided from the file (a part above 12 settles it); when every date fits both
ways, the order whose dates fall on the event's days wins; otherwise the organiser is asked.
"""
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from lokakarya.attendance.report.errors import ReportError

DATE_TIME = re.compile(
    r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:,\s*|\s+|T)"
    r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp])?\.?(?:[Mm]\.?)?$"
)
TIME_ONLY = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp])?\.?(?:[Mm]\.?)?$")
ORDERS = ("dmy", "mdy")


def _date_parts(value: str) -> tuple[int, int, int] | None:
    match = DATE_TIME.match(value)
    if match is None:
        return None
    a, b, c = match.group(1, 2, 3)
    return int(a), int(b), int(c)


def _ymd(parts: tuple[int, int, int], order: str) -> tuple[int, int, int]:
    a, b, c = parts
    if a > 31:  # 2020-11-12: ISO order whatever the setting
        return a, b, c
    year = c + 2000 if c < 100 else c
    return (year, b, a) if order == "dmy" else (year, a, b)


def _valid(ymd: tuple[int, int, int]) -> date | None:
    try:
        return date(*ymd)
    except ValueError:
        return None


def decide_date_order(values: Iterable[tuple[int, str]], event_days: set[date],
                      chosen: str | None) -> str:
    """'dmy' or 'mdy' for the file's dates; raises when the file cannot tell."""
    if chosen in ORDERS:  # before `values` is consumed: reading it is a pass over the file
        return chosen
    parts = {}
    for line, value in values:
        found = _date_parts(value)
        if found is not None and found[0] <= 31:
            parts.setdefault(found, line)
    if not parts:
        return "dmy"
    day_first = [line for (a, _b, _c), line in parts.items() if a > 12]
    month_first = [line for (_a, b, _c), line in parts.items() if b > 12]
    if day_first and month_first:
        raise ReportError("mixed_date_order", max(min(day_first), min(month_first)))
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    if all(a == b for a, b, _c in parts):
        return "dmy"
    # Every date fits both ways: prefer the reading that lands on the event's days.
    near = {d + timedelta(days=k) for d in event_days for k in (-1, 0, 1)}
    fitting = [order for order in ORDERS
               if all(_valid(_ymd(p, order)) in near for p in parts)]
    if len(fitting) == 1:
        return fitting[0]
    raise ReportError("ambiguous_date_order", min(parts.values()))


class TimeReader:
    """Turns report cells into aware UTC instants (cached: reports repeat the same minutes)."""

    def __init__(self, zone: str, date_order: str, default_day: date | None):
        self.zone = ZoneInfo(zone)
        self.order = date_order
        self.default_day = default_day
        self._cache: dict[str, datetime | None] = {}

    def read(self, value: str, line: int) -> datetime:
        try:
            instant = self._cache[value]
        except KeyError:
            instant = self._cache[value] = self._parse(value.strip())
        if instant is None:
            raise ReportError("bad_time", line, value[:40])
        return instant

    def _parse(self, value: str) -> datetime | None:
        match = DATE_TIME.match(value)
        if match is not None:
            day = _valid(_ymd((int(match[1]), int(match[2]), int(match[3])), self.order))
            clock = (match[4], match[5], match[6], match[7])
        else:
            match = TIME_ONLY.match(value)
            if match is None or self.default_day is None:
                return self._iso(value)
            day, clock = self.default_day, (match[1], match[2], match[3], match[4])
        if day is None:
            return None
        hour, minute, second = int(clock[0]), int(clock[1]), int(clock[2] or 0)
        meridiem = (clock[3] or "").lower()
        if meridiem:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if meridiem == "p" else 0)
        if hour > 23 or minute > 59 or second > 59:
            return None
        local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=self.zone)
        return local.astimezone(UTC)

    def _iso(self, value: str) -> datetime | None:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self.zone)
        return parsed.astimezone(UTC)
