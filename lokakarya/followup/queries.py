"""Reading follow-up data in a fixed number of statements, always within the viewer's scope."""
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from lokakarya.agencies.models import Agency
from lokakarya.auth.models import User
from lokakarya.core.converters import database_id
from lokakarya.events.models import Event, EventSession, InvitedProvince
from lokakarya.extensions import db
from lokakarya.followup.access import item_scope
from lokakarya.followup.models import STATUSES, ActionItem, ActionUpdate
from lokakarya.followup.rules import CLOSED, DEFAULT_ZONE, todays_by_zone
from lokakarya.regions.data_files import province_rows
from lokakarya.regions.zones import GROUPS, province_group


@dataclass(frozen=True)
class Filters:
    province_group: str | None = None
    province_code: str | None = None
    status: str | None = None
    overdue: bool | None = None
    event_id: int | None = None
    year: int | None = None
    kind: str | None = None

    @classmethod
    def from_args(cls, args, event_id: int | None = None) -> "Filters":
        """From query parameters; unknown values are ignored rather than refused."""
        group = args.get("province_group") or None
        status = args.get("status") or None
        year = args.get("year", "")
        kind = args.get("kind") or None
        overdue = {"true": True, "1": True, "false": False, "0": False}.get(
            (args.get("overdue") or "").lower())
        return cls(
            province_group=group if group in GROUPS else None,
            province_code=(args.get("province_code") or args.get("province") or None),
            status=status if status in STATUSES else None,
            overdue=overdue,
            event_id=event_id,
            year=year_ if (year_ := database_id(year)) and 1900 <= year_ <= 2999 else None,
            kind=kind if kind in ("commitment", "recommendation") else None,
        )

    def as_args(self) -> dict:
        return {k: v for k, v in {
            "province_group": self.province_group, "province_code": self.province_code,
            "status": self.status, "year": self.year, "kind": self.kind,
            "overdue": None if self.overdue is None else str(self.overdue).lower(),
        }.items() if v is not None}


def _codes_by(key) -> dict[str, tuple[str, ...]]:
    codes: dict[str, list[str]] = {}
    for row in province_rows():
        codes.setdefault(key(row), []).append(row["code"])
    return {value: tuple(sorted(found)) for value, found in codes.items()}


@cache
def codes_by_zone() -> dict[str, tuple[str, ...]]:
    """Province codes per IANA zone (reference data, the same rule that fills provinces.timezone)."""
    return _codes_by(lambda row: row["timezone"])


@cache
def codes_by_group() -> dict[str, tuple[str, ...]]:
    """Province codes per island group (reference data, by the regions feature's own rule)."""
    return _codes_by(lambda row: province_group(row["code"]))


def overdue_clause(now: datetime) -> sa.ColumnElement[bool]:
    """Overdue in SQL: the due date is before today's date in the owning province's zone (items
    without a province use WIB). Written with code lists, so no join is needed."""
    today = todays_by_zone(now)
    if len(set(today.values())) == 1:
        # All Indonesian zones share the date for 22 hours a day: one comparison will do.
        return sa.and_(ActionItem.status.not_in(CLOSED), ActionItem.due_date < today[DEFAULT_ZONE])
    per_zone = [sa.and_(ActionItem.province_code.in_(codes), ActionItem.due_date < today[tz])
                for tz, codes in codes_by_zone().items()]
    per_zone.append(sa.and_(ActionItem.province_code.is_(None), ActionItem.due_date < today[DEFAULT_ZONE]))
    return sa.and_(ActionItem.status.not_in(CLOSED), sa.or_(*per_zone))


def event_year_subquery():
    return (sa.select(sa.func.min(EventSession.starts_at))
            .where(EventSession.event_id == ActionItem.event_id).scalar_subquery())


def scoped_items(user: User, filters: Filters, now: datetime) -> sa.Select:
    """SELECT of tracked action items `user` may see, filtered."""
    query = sa.select(ActionItem).where(ActionItem.tracked.is_(True), item_scope(user))
    return apply_filters(query, filters, now)


def apply_filters(query: sa.Select, filters: Filters, now: datetime) -> sa.Select:
    if filters.event_id is not None:
        query = query.where(ActionItem.event_id == filters.event_id)
    if filters.province_code:
        query = query.where(ActionItem.province_code == filters.province_code)
    if filters.province_group:
        query = query.where(ActionItem.province_code.in_(codes_by_group()[filters.province_group]))
    if filters.status:
        query = query.where(ActionItem.status == filters.status)
    if filters.kind:
        query = query.where(ActionItem.kind == filters.kind)
    if filters.overdue is not None:
        clause = overdue_clause(now)
        query = query.where(clause if filters.overdue else sa.not_(clause))
    if filters.year:
        # The event's year: the year its first session starts (UTC is close enough at year ends
        # only a few hours wide; events are held in daytime).
        start = event_year_subquery()
        query = query.where(sa.and_(
            start >= datetime(filters.year, 1, 1, tzinfo=ZoneInfo("UTC")),
            start < datetime(filters.year + 1, 1, 1, tzinfo=ZoneInfo("UTC")),
        ))
    return query


def _item_options(with_updates: bool) -> list:
    """What item lists, pages and exports show: owner, event, linked issues (and the updates)."""
    options = [joinedload(ActionItem.province), joinedload(ActionItem.agency), joinedload(ActionItem.event),
               selectinload(ActionItem.issues)]
    if with_updates:
        options.append(selectinload(ActionItem.updates).joinedload(ActionUpdate.author))
    return options


def item_page(user: User, filters: Filters, now: datetime, limit: int, offset: int):
    """(items with province, agency and issue ids loaded, total count)."""
    base = scoped_items(user, filters, now)
    total = db.session.execute(
        sa.select(sa.func.count()).select_from(base.with_only_columns(ActionItem.id).subquery())
    ).scalar_one()
    items = db.session.execute(
        base.options(*_item_options(with_updates=False)).order_by(ActionItem.id).limit(limit).offset(offset)
    ).unique().scalars().all()
    return list(items), total


def all_items(user: User, filters: Filters, now: datetime, with_updates: bool = True) -> list[ActionItem]:
    """Every item in scope, with its updates for exports and reports."""
    query = scoped_items(user, filters, now).options(*_item_options(with_updates)).order_by(
        ActionItem.province_code, ActionItem.id)
    return list(db.session.execute(query).unique().scalars())


def item_by_id(item_id: int, with_updates: bool = True) -> ActionItem | None:
    return db.session.execute(
        sa.select(ActionItem).where(ActionItem.id == item_id).options(*_item_options(with_updates))
    ).unique().scalar_one_or_none()


def event_by_slug(slug: str, with_invited: bool = False) -> Event | None:
    query = sa.select(Event).where(Event.slug == slug)
    if with_invited:
        query = query.options(selectinload(Event.invited).joinedload(InvitedProvince.province))
    return db.session.execute(query).scalar_one_or_none()


def agency_kind_column():
    return sa.func.coalesce(Agency.kind, "none")


def agencies_for(province_codes: list[str], central: bool = False) -> list[Agency]:
    """Approved agencies of these provinces (and central ones), for pickers."""
    where = Agency.province_code.in_(province_codes)
    if central:
        where = sa.or_(where, Agency.province_code.is_(None))
    return list(db.session.execute(
        sa.select(Agency).where(where, Agency.approved.is_(True)).order_by(Agency.province_code, Agency.name)
    ).scalars())
