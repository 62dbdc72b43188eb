"""Finding and creating agencies (validation in one place for forms and the API)."""
import sqlalchemy as sa
from sqlalchemy import bindparam, func

from lokakarya.agencies.models import AGENCY_KINDS, Agency
from lokakarya.core.text import has_forbidden_characters
from lokakarya.extensions import db
from lokakarya.regions.models import Province, Regency

# Built once: registering looks an agency up in every request of a rush, and building the
# select cost more CPU than running it.
_BY_ID = sa.select(Agency).where(Agency.id == bindparam("id"))


def agency_by_id(agency_id: int) -> Agency | None:
    return db.session.execute(_BY_ID, {"id": agency_id}).scalar_one_or_none()


def central_bodies():
    """The condition of central bodies (ministries and agencies without a province)."""
    return Agency.province_code.is_(None) & (Agency.kind == "ministry")


def search_agencies(province_code: str | None = None, q: str = "", kind: str | None = None,
                    approved: bool | None = True, limit: int | None = None, with_central: bool = False):
    """Agencies by province, kind and name; `approved` None lists approved and waiting ones;
    `with_central` adds the central bodies (no province, kind ministry) to a province's."""
    query = db.select(Agency).order_by(Agency.province_code, Agency.name)
    if province_code:
        condition = Agency.province_code == province_code
        if with_central:
            condition = condition | central_bodies()
        query = query.where(condition)
    if kind:
        query = query.where(Agency.kind == kind)
    if q:
        query = query.where(func.lower(Agency.name).contains(q.strip().lower(), autoescape=True))
    if approved is not None:
        query = query.where(Agency.approved.is_(approved))
    if limit:
        query = query.limit(limit)
    return list(db.session.execute(query).scalars())


def agency_problems(name: str, kind: str, province_code: str | None,
                    regency_code: str | None, exclude_id: int | None = None) -> dict[str, str]:
    """Field → problem code ('required', 'unknown', 'mismatch', 'duplicate')."""
    problems: dict[str, str] = {}
    if not (name or "").strip():
        problems["name"] = "required"
    if kind not in AGENCY_KINDS:
        problems["kind"] = "unknown"
    if kind != "ministry" and not province_code:
        problems["province_code"] = "required"
    # A code with characters no code has is unknown without asking PostgreSQL (it refuses NUL).
    if province_code and (has_forbidden_characters(province_code)
                          or db.session.get(Province, province_code) is None):
        problems["province_code"] = "unknown"
    if regency_code:
        regency = None if has_forbidden_characters(regency_code) else db.session.get(Regency, regency_code)
        if regency is None:
            problems["regency_code"] = "unknown"
        elif regency.province_code != province_code:
            problems["regency_code"] = "mismatch"
    if not problems and not has_forbidden_characters(name):  # the form refuses such a name
        duplicate = db.session.execute(
            db.select(Agency.id).where(
                func.lower(Agency.name) == name.strip().lower(),
                Agency.province_code.is_(None) if province_code is None
                else Agency.province_code == province_code,
                Agency.id != exclude_id if exclude_id is not None else sa.true(),
            )
        ).first()
        if duplicate:
            problems["name"] = "duplicate"
    return problems


def create_agency(name: str, kind: str, province_code: str | None, regency_code: str | None,
                  approved: bool = True) -> Agency:
    agency = Agency(name=name.strip(), kind=kind, province_code=province_code or None,
                    regency_code=regency_code or None, approved=approved)
    db.session.add(agency)
    db.session.flush()
    return agency


EDITABLE_FIELDS = ("name", "kind", "province_code", "regency_code", "approved")


def update_agency(agency: Agency, name: str, kind: str, province_code: str | None,
                  regency_code: str | None) -> None:
    agency.name, agency.kind = name.strip(), kind
    agency.province_code, agency.regency_code = province_code or None, regency_code or None
    db.session.flush()


def agency_json(agency: Agency) -> dict:
    return {
        "id": agency.id, "name": agency.name, "kind": agency.kind,
        "province_code": agency.province_code, "regency_code": agency.regency_code,
        "approved": agency.approved,
    }
