"""Province and agency choices of the registration form (one query each)."""
from flask_babel import gettext as _

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.regions.models import Province

CENTRAL = "pusat"  # the province choice of central bodies


def province_choices(event: Event) -> list[tuple[str, str]]:
    invited = [p.province_code for p in event.invited]
    query = db.select(Province).order_by(Province.name)
    if invited:
        query = query.where(Province.code.in_(invited))
    choices = [("", _("— pilih provinsi —"))]
    choices += [(p.code, p.name) for p in db.session.execute(query).scalars()]
    if event.allow_central_agencies:
        choices.append((CENTRAL, _("Instansi pusat (kementerian/lembaga)")))
    return choices


def agency_choices(event: Event, provinces: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Approved agencies of the offered provinces, grouped by province name (optgroups); the
    page script shows only the group of the chosen province."""
    names = {code: name for code, name in provinces if code}
    codes = [code for code in names if code != CENTRAL]
    query = db.select(Agency).where(Agency.approved.is_(True)).order_by(Agency.province_code, Agency.name)
    central = event.allow_central_agencies
    condition = Agency.province_code.in_(codes)
    if central:
        condition = condition | (Agency.province_code.is_(None) & (Agency.kind == "ministry"))
    grouped: dict[str, list[tuple[str, str]]] = {"": [("", _("— pilih instansi —"))]}
    for agency in db.session.execute(query.where(condition)).scalars():
        group = names.get(agency.province_code or CENTRAL, "")
        grouped.setdefault(group, []).append((str(agency.id), agency.name))
    return grouped
