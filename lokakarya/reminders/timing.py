"""When a reminder is due (pure): rules are offsets from a session's start, so a session that
moves takes its reminders with it."""
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from lokakarya.timeutil import localize, to_zone


@dataclass(frozen=True)
class Offset:
    kind: str  # "day_before" | "minutes_before"
    days_before: int | None = None
    local_time: str | None = None  # "HH:MM" in the event's zone
    minutes_before: int | None = None


# H-1 at 09:00 in the event's zone, and an hour before.
DEFAULT_OFFSETS = (
    Offset("day_before", days_before=1, local_time="09:00"),
    Offset("minutes_before", minutes_before=60),
)
MAX_DAYS_BEFORE = 14
MAX_MINUTES_BEFORE = 24 * 60


def parse_local_time(value: str) -> time | None:
    try:
        hour, minute = (int(part) for part in value.strip().replace(".", ":").split(":"))
        return time(hour, minute)
    except (ValueError, AttributeError):
        return None


def due_at(starts_at: datetime, offset: Offset, tz_name: str) -> datetime | None:
    """The instant (UTC) a reminder for a session starting at `starts_at` is due; None for
    offsets that are never due by themselves (send-now)."""
    if offset.kind == "minutes_before" and offset.minutes_before is not None:
        return starts_at - timedelta(minutes=offset.minutes_before)
    if offset.kind == "day_before" and offset.days_before is not None:
        at = parse_local_time(offset.local_time or "")
        if at is None:
            return None
        day = to_zone(starts_at, tz_name).date() - timedelta(days=offset.days_before)
        return localize(datetime.combine(day, at), tz_name)
    return None


def is_due(now: datetime, starts_at: datetime, ends_at: datetime, offset: Offset, tz_name: str) -> bool:
    """Due once its time has come, until the session ends (a late run still helps people join)."""
    when = due_at(starts_at, offset, tz_name)
    return when is not None and when <= now < ends_at


def offset_problems(offset: Offset) -> dict[str, str]:
    """Field → problem code for an offset entered by an organiser."""
    problems = {}
    if offset.kind == "day_before":
        if offset.days_before is None or not 1 <= offset.days_before <= MAX_DAYS_BEFORE:
            problems["days_before"] = "range"
        if parse_local_time(offset.local_time or "") is None:
            problems["local_time"] = "time"
    elif offset.kind == "minutes_before":
        if offset.minutes_before is None or not 1 <= offset.minutes_before <= MAX_MINUTES_BEFORE:
            problems["minutes_before"] = "range"
    else:
        problems["kind"] = "unknown"
    return problems


def current(now: datetime, starts_at: datetime, ends_at: datetime, tz_name: str,
            rules: list[tuple[object, Offset, frozenset[str]]]) -> list[object]:
    """Keys of the rules to send for one session at `now`: those due, except one overtaken by a
    later reminder that is due too and reaches at least the same people. A run that comes late
    (or a session scheduled at short notice) sends one reminder, not a burst, and the overtaken
    one stays overtaken on every later run."""
    due = [(key, when, statuses) for key, offset, statuses in rules
           if (when := due_at(starts_at, offset, tz_name)) is not None and when <= now < ends_at]
    return [key for key, when, statuses in due
            if not any(other > when and other_statuses >= statuses for _k, other, other_statuses in due)]
