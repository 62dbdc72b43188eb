"""Registration lists for organisers, focal points, exports and the API (fixed statement count)."""
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload, selectinload

from lokakarya.agencies.models import Agency
from lokakarya.core.converters import database_id
from lokakarya.core.lookup import or_404
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


def managed_event(slug: str) -> Event:
    return or_404(db.session.execute(
        db.select(Event).where(Event.slug == slug)
        .options(selectinload(Event.invited).joinedload(InvitedProvince.province))
    ).scalar_one_or_none())


def registrations(event_id: int, filters: Filters = Filters()) -> list[Registration]:
    query = (
        db.select(Registration)
        .outerjoin(Agency, Agency.id == Registration.agency_id)
        .where(Registration.event_id == event_id, Registration.anonymised_at.is_(None))
        .options(joinedload(Registration.agency).joinedload(Agency.province))
        .order_by(Registration.created_at, Registration.id)
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
    return list(db.session.execute(query).scalars())


@dataclass
class QuotaRow:
    label: str
    held: int
    waitlisted: int
    limit: int | None

    @property
    def full(self) -> bool:
        return self.limit is not None and self.held >= self.limit


def quota_tables(event: Event) -> tuple[list[QuotaRow], list[QuotaRow]]:
    """Seats held and waitlisted per province and per agency, beside their quotas."""
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
    return list(provinces.values()), list(agencies.values())


def status_counts(event_id: int) -> dict[str, int]:
    return dict(db.session.execute(
        db.select(Registration.status, func.count())
        .where(Registration.event_id == event_id).group_by(Registration.status)
    ).all())
