"""Registration lists for organisers, focal points, exports and the API (fixed statement count)."""
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload, selectinload

from lokakarya.agencies.models import Agency
from lokakarya.core.converters import database_id
from lokakarya.core.lookup import or_404
from lokakarya.core.paging import Page
from lokakarya.events.models import Event, InvitedProvince
from lokakarya.extensions import db
from lokakarya.registration.models import REGISTRATION_STATUSES, Registration
from lokakarya.registration.quotas import SEAT_HOLDING
from lokakarya.registration.seats import limits_for


@dataclass(frozen=True)
class Filters:
    status: str = ""
    province_code: str = ""
    agency_kind: str = ""
    agency_id: int | None = None
    q: str = ""

    @classmethod
    def from_args(cls, args) -> "Filters":
        agency_id = args.get("agency_id", "")
        status = args.get("status", "")
        return cls(status=status if status in REGISTRATION_STATUSES else "",
                   province_code=args.get("province_code", args.get("province", "")).strip(),
                   agency_kind=args.get("agency_kind", "").strip(),
                   agency_id=database_id(agency_id),
                   q=args.get("q", "").strip())

    def as_args(self) -> dict[str, str | int]:
        """The filters set, as query-string arguments (links and redirects keep them)."""
        args = {"status": self.status, "province_code": self.province_code, "agency_kind": self.agency_kind,
                "agency_id": self.agency_id, "q": self.q}
        return {name: value for name, value in args.items() if value not in ("", None)}


def managed_event(slug: str) -> Event:
    return or_404(db.session.execute(
        db.select(Event).where(Event.slug == slug)
        .options(selectinload(Event.invited).joinedload(InvitedProvince.province))
    ).scalar_one_or_none())


def _filtered(event_id: int, filters: Filters):
    """The event's registrations (not anonymised) with the filters, in arrival order."""
    query = (
        db.select(Registration)
        .outerjoin(Agency, Agency.id == Registration.agency_id)
        .where(Registration.event_id == event_id, Registration.anonymised_at.is_(None))
    )
    if filters.status:
        query = query.where(Registration.status == filters.status)
    if filters.province_code:
        query = query.where(Agency.province_code == filters.province_code)
    if filters.agency_kind:
        query = query.where(Agency.kind == filters.agency_kind)
    if filters.agency_id is not None:
        query = query.where(Registration.agency_id == filters.agency_id)
    if filters.q:
        needle = f"%{filters.q.lower()}%"
        query = query.where(or_(
            func.lower(Registration.name).like(needle), Registration.nip.like(f"%{filters.q}%"),
            Registration.email.like(needle), func.lower(Agency.name).like(needle),
        ))
    return query


_IN_ORDER = (Registration.created_at, Registration.id)
_WITH_AGENCY = joinedload(Registration.agency).joinedload(Agency.province)


def registrations(event_id: int, filters: Filters = Filters()) -> list[Registration]:
    """Every registration that the filters keep (a focal point's own delegation)."""
    query = _filtered(event_id, filters).options(_WITH_AGENCY).order_by(*_IN_ORDER)
    return list(db.session.execute(query).scalars())


def each_registration(event_id: int, filters: Filters = Filters(), batch: int = 1000) -> Iterator[Registration]:
    """Every registration that the filters keep, read `batch` rows at a time (exports of tens of
    thousands: memory stays that of one batch)."""
    query = _filtered(event_id, filters).options(_WITH_AGENCY).order_by(*_IN_ORDER)
    for partition in db.session.execute(query.execution_options(yield_per=batch)).scalars().partitions():
        yield from partition  # the session holds loaded rows weakly: a written batch is let go


def count_registrations(event_id: int, filters: Filters = Filters()) -> int:
    query = _filtered(event_id, filters).with_only_columns(Registration.id)
    return db.session.execute(db.select(func.count()).select_from(query.subquery())).scalar_one()


def registration_slice(event_id: int, filters: Filters, limit: int, offset: int) -> tuple[list[Registration], int]:
    """`limit` registrations of the filtered list from `offset`, and the whole list's count (two
    statements, whatever the size)."""
    rows = db.session.execute(
        _filtered(event_id, filters).options(_WITH_AGENCY).order_by(*_IN_ORDER).limit(limit).offset(offset)
    ).scalars().all()
    return list(rows), count_registrations(event_id, filters)


def registration_page(event_id: int, filters: Filters, number: int, size: int) -> tuple[list[Registration], Page]:
    """Page `number` of the filtered list (the last one when the list has become shorter)."""
    total = count_registrations(event_id, filters)
    page = Page(number, size, total)
    if page.offset >= total > 0:
        page = Page(page.pages, size, total)
    rows = db.session.execute(
        _filtered(event_id, filters).options(_WITH_AGENCY).order_by(*_IN_ORDER).limit(size).offset(page.offset)
    ).scalars().all()
    return list(rows), page


@dataclass
class QuotaRow:
    label: str
    held: int
    waitlisted: int
    limit: int | None

    @property
    def full(self) -> bool:
        return self.limit is not None and self.held >= self.limit


AGENCY_ROWS = 100  # at most this many agencies in the organiser's quota table


def quota_tables(event: Event) -> tuple[list[QuotaRow], list[QuotaRow], int]:
    """Seats held and waitlisted per province, and per agency for the agencies that need a look
    (full, or with people waiting; at most AGENCY_ROWS of them), beside their quotas; and how
    many other agencies have registrations (1,700 agencies would otherwise fill the page)."""
    rows = db.session.execute(
        db.select(Agency.id, Agency.name, Agency.province_code, Registration.status, func.count())
        .join(Registration, Registration.agency_id == Agency.id)
        .where(Registration.event_id == event.id, Registration.status.in_((*SEAT_HOLDING, "waitlisted")))
        .group_by(Agency.id, Agency.name, Agency.province_code, Registration.status)
        .order_by(Agency.province_code, Agency.name)
    ).all()
    limits = limits_for(event)
    names = {p.province_code: p.province.name for p in event.invited}
    provinces: dict[str, QuotaRow] = {}
    agencies: dict[int, QuotaRow] = {}
    for agency_id, agency_name, province_code, status, count in rows:
        held, waiting = (count, 0) if status in SEAT_HOLDING else (0, count)
        agency = agencies.setdefault(agency_id, QuotaRow(agency_name, 0, 0, limits.per_agency))
        agency.held += held
        agency.waitlisted += waiting
        key = province_code or "-"
        province = provinces.setdefault(key, QuotaRow(
            names.get(province_code, province_code or "Pusat"), 0, 0, limits.province_limit(province_code)))
        province.held += held
        province.waitlisted += waiting
    notable = [row for row in agencies.values() if row.full or row.waitlisted][:AGENCY_ROWS]
    return list(provinces.values()), notable, len(agencies) - len(notable)


def status_counts(event_id: int) -> dict[str, int]:
    return dict(db.session.execute(
        db.select(Registration.status, func.count())
        .where(Registration.event_id == event_id).group_by(Registration.status)
    ).all())
