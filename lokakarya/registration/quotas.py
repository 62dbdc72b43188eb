"""Seats and quotas (pure): who fits now, and who moves up from the waiting list.

A registration holds a seat while it is confirmed or pending approval. Three limits apply at
once: the event's capacity, the quota per agency and the quota of the agency's province
(central bodies have no province, so only the first two apply to them).
"""
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

SEAT_HOLDING = ("confirmed", "pending")


@dataclass(frozen=True)
class Limits:
    capacity: int | None
    per_agency: int | None
    per_province: int | None
    province_overrides: dict[str, int | None] = field(default_factory=dict)

    def province_limit(self, province_code: str | None) -> int | None:
        if province_code is None:
            return None
        override = self.province_overrides.get(province_code)
        return override if override is not None else self.per_province


@dataclass
class Taken:
    """Seats held now: in total, per agency, per province."""

    total: int = 0
    by_agency: Counter = field(default_factory=Counter)
    by_province: Counter = field(default_factory=Counter)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int | None, str | None, int]]) -> "Taken":
        """Rows of (agency_id, province_code, seats held)."""
        taken = cls()
        for agency_id, province_code, count in rows:
            taken.add(agency_id, province_code, count)
        return taken

    def add(self, agency_id: int | None, province_code: str | None, count: int = 1) -> None:
        self.total += count
        self.by_agency[agency_id] += count
        if province_code is not None:
            self.by_province[province_code] += count


def full_bucket(limits: Limits, taken: Taken, agency_id: int | None,
                province_code: str | None) -> str | None:
    """Which limit one more seat would break: 'capacity', 'agency', 'province', or None."""
    if limits.capacity is not None and taken.total >= limits.capacity:
        return "capacity"
    if limits.per_agency is not None and taken.by_agency[agency_id] >= limits.per_agency:
        return "agency"
    province_limit = limits.province_limit(province_code)
    if province_limit is not None and taken.by_province[province_code] >= province_limit:
        return "province"
    return None


def seat_status(requires_approval: bool) -> str:
    return "pending" if requires_approval else "confirmed"


def outcome(limits: Limits, taken: Taken, agency_id: int | None, province_code: str | None,
            requires_approval: bool) -> str:
    """The status of a new registration; counts it in `taken` when it gets a seat."""
    if full_bucket(limits, taken, agency_id, province_code) is not None:
        return "waitlisted"
    taken.add(agency_id, province_code)
    return seat_status(requires_approval)


def promotions(limits: Limits, taken: Taken,
               waiting: Iterable[tuple[int, int | None, str | None]]) -> list[int]:
    """Ids to promote from `waiting` ((id, agency_id, province_code) in arrival order).

    Everyone who fits moves up, earliest first; someone whose agency or province is still
    full keeps their place without blocking people of other buckets behind them.
    """
    promoted = []
    for reg_id, agency_id, province_code in waiting:
        if limits.capacity is not None and taken.total >= limits.capacity:
            break
        if full_bucket(limits, taken, agency_id, province_code) is None:
            taken.add(agency_id, province_code)
            promoted.append(reg_id)
    return promoted
