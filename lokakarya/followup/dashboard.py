"""Dashboard figures: a few GROUP BY statements, folded into rows by pure code."""
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from lokakarya.agencies.models import Agency
from lokakarya.auth.models import User
from lokakarya.extensions import db
from lokakarya.followup.access import issue_scope
from lokakarya.followup.models import ActionItem, Issue
from lokakarya.followup.queries import Filters, agency_kind_column, overdue_clause, scoped_items
from lokakarya.followup.rules import percent
from lokakarya.regions.models import Province


@dataclass
class Tally:
    """Items of one group (a province, a category, an agency kind) by status."""

    key: str
    label: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    awaiting: int = 0  # declared done, waiting for verification
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        """Verified done only: a claim waiting for the organiser does not count yet."""
        return self.counts.get("done", 0) - self.awaiting

    @property
    def percent_done(self) -> int:
        return percent(self.done, self.total)

    def count(self, status: str) -> int:
        if status == "done":
            return self.done
        return self.counts.get(status, 0)


def fold(rows, labels: dict[str, str] | None = None) -> list[Tally]:
    """(key, status, verification, count, overdue) rows → one Tally per key, in key order."""
    tallies: dict[str, Tally] = {}
    for key, status, verification, count, overdue in rows:
        key = key or "-"
        tally = tallies.setdefault(key, Tally(key, (labels or {}).get(key, key)))
        tally.counts[status] = tally.counts.get(status, 0) + count
        if status == "done" and verification == "pending":
            tally.awaiting += count
        tally.overdue += int(overdue or 0)
    return [tallies[k] for k in sorted(tallies)]


def total_of(tallies: list[Tally]) -> Tally:
    whole = Tally("total")
    for tally in tallies:
        for status, count in tally.counts.items():
            whole.counts[status] = whole.counts.get(status, 0) + count
        whole.awaiting += tally.awaiting
        whole.overdue += tally.overdue
    return whole


def _grouped(user: User, filters: Filters, now: datetime, keys: tuple, join_agency: bool = False):
    """(*keys, status, verification, count, overdue count) rows: one scan of the items."""
    overdue = sa.func.sum(sa.case((overdue_clause(now), 1), else_=0))
    query = scoped_items(user, filters, now)
    if join_agency:
        query = query.outerjoin(Agency, Agency.id == ActionItem.agency_id)
    groups = (*keys, ActionItem.status, ActionItem.verification)
    query = query.with_only_columns(*groups, sa.func.count(ActionItem.id), overdue).group_by(*groups)
    return db.session.execute(query).all()


def _project(rows, index: int, width: int):
    """Rows of _grouped with `width` keys → (key `index`, status, verification, count, overdue)."""
    return [(row[index], *row[width:]) for row in rows]


@dataclass
class Dashboard:
    provinces: list[Tally]
    categories: list[Tally]
    agency_kinds: list[Tally]
    issues_by_category: dict[str, int]
    total: Tally


def build(user: User, filters: Filters, now: datetime) -> Dashboard:
    """Four statements whatever the number of items (two scans of the items)."""
    names = dict(db.session.execute(sa.select(Province.code, Province.name)).all())
    by_place = _grouped(user, filters, now, (ActionItem.province_code, agency_kind_column()), join_agency=True)
    provinces = fold(_project(by_place, 0, 2), names)
    kinds = fold(_project(by_place, 1, 2))
    categories = fold(_project(_grouped(user, filters, now, (ActionItem.category,)), 0, 1))
    issues = sa.select(Issue.category, sa.func.count(Issue.id)).where(issue_scope(user))
    if filters.event_id is not None:
        issues = issues.where(Issue.event_id == filters.event_id)
    if filters.province_code:
        issues = issues.where(Issue.province_code == filters.province_code)
    by_category = dict(db.session.execute(issues.group_by(Issue.category)).all())
    return Dashboard(provinces, categories, kinds, by_category, total_of(provinces))
