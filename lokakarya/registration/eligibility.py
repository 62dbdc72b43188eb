"""May this agency register for this event now? (pure: plain values in, a Problem out)."""
from dataclasses import dataclass
from datetime import datetime

from lokakarya.registration.problems import Problem


@dataclass(frozen=True)
class Window:
    status: str
    opens_at: datetime | None
    closes_at: datetime | None

    def problem(self, now: datetime) -> Problem | None:
        if self.status != "published":
            return Problem("event_not_open")
        if self.opens_at is not None and now < self.opens_at:
            return Problem("not_yet_open")
        if self.closes_at is not None and now >= self.closes_at:
            return Problem("closed")
        return None

    def is_open(self, now: datetime) -> bool:
        return self.problem(now) is None


def agency_problem(agency_province: str | None, agency_kind: str, invited: set[str],
                   allow_central: bool) -> Problem | None:
    """Only agencies of invited provinces, and central bodies when the event allows them.
    An event without invited provinces is open to every province."""
    if agency_province is None:
        if agency_kind == "ministry" and allow_central:
            return None
        return Problem("central_not_allowed")
    if invited and agency_province not in invited:
        return Problem("province_not_invited")
    return None
