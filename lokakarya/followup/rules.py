"""Pure rules of follow-up: who may move an item where, and when an item is overdue."""
from dataclasses import dataclass
from datetime import date, datetime

from lokakarya.followup.models import STATUSES, ActionItem
from lokakarya.timeutil import INDONESIAN_ZONES, to_zone

DEFAULT_ZONE = "Asia/Jakarta"  # items owned by central agencies have no province
# Statuses after which nothing more is expected of the owner.
CLOSED = ("done", "dropped")
OWNER_STATUSES = ("open", "in_progress", "blocked", "done")


def local_today(now: datetime, tz_name: str | None) -> date:
    return to_zone(now, tz_name or DEFAULT_ZONE).date()


def is_overdue(due_date: date, status: str, tz_name: str | None, now: datetime) -> bool:
    """Past the target date in the owning province's zone (the whole due day counts) and not
    done; dropped items are not chased either."""
    return status not in CLOSED and local_today(now, tz_name) > due_date


def item_zone(item: ActionItem) -> str:
    """The zone an item's dates and times are read in: its province's (its province loaded)."""
    return item.province.timezone if item.province else DEFAULT_ZONE


def item_overdue(item: ActionItem, now: datetime) -> bool:
    """is_overdue of a loaded item (its province loaded with it)."""
    return is_overdue(item.due_date, item.status, item_zone(item), now)


def todays_by_zone(now: datetime) -> dict[str, date]:
    """Each Indonesian zone's calendar date at `now` (for overdue filters in SQL)."""
    return {tz: local_today(now, tz) for tz in INDONESIAN_ZONES}


@dataclass(frozen=True)
class Change:
    status: str
    verification: str | None


def status_change(current: str, verification: str | None, wanted: str, organiser: bool) -> Change | str:
    """The item's new (status, verification) or a refusal code.

    Owners move between open / in progress / blocked and may declare it done, which waits for
    the organiser's verification; only organisers drop items or change a verified one.
    Organisers setting "done" verify it at once.
    """
    if wanted not in STATUSES:
        return "unknown_status"
    if organiser:
        if wanted == "done":
            return Change("done", "verified")
        return Change(wanted, None if current == "done" else verification)
    if current == "done" and verification == "verified":
        return "verified_locked"
    if current == "dropped":
        return "dropped_locked"
    if wanted not in OWNER_STATUSES:
        return "organiser_only"
    if wanted == "done":
        return Change("done", "pending")
    return Change(wanted, None if verification == "pending" else verification)


def verification_change(status: str, verification: str | None, accept: bool) -> Change | str:
    """The organiser's answer to a claimed "done": verified, or back to in progress."""
    if status != "done" or verification != "pending":
        return "not_pending"
    return Change("done", "verified") if accept else Change("in_progress", "returned")


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
