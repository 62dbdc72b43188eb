"""Province and agency choices of the registration form (one query each).

At national scale (38 provinces, ~1,700 agencies) the form never lists the whole directory:
the registrant first chooses a province (a plain GET form, so it works without JavaScript),
then the form lists that province's agencies and, where the event allows them, the central
ones; static/js/agency-picker.js narrows the list by name through /agencies/picker."""
from flask_babel import gettext as _

from lokakarya.agencies.models import Agency
from lokakarya.agencies.services import central_bodies
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


def agency_choices(event: Event, province: str, province_name: str) -> dict[str, list[tuple[str, str]]]:
    """Approved agencies of one offered province (and the central ones when the event allows
    them), grouped for optgroups: {group label: [(id, name)]}, the placeholder under ""."""
    central_label = _("Instansi pusat (kementerian/lembaga)")
    if province == CENTRAL:
        condition = central_bodies()
    else:
        condition = Agency.province_code == province
        if event.allow_central_agencies:
            condition = condition | central_bodies()
    query = (db.select(Agency).where(Agency.approved.is_(True), condition)
             .order_by(Agency.province_code.is_(None), Agency.name))
    grouped: dict[str, list[tuple[str, str]]] = {"": [("", _("— pilih instansi —"))]}
    for agency in db.session.execute(query).scalars():
        group = central_label if agency.province_code is None else province_name
        grouped.setdefault(group, []).append((str(agency.id), agency.name))
    return grouped
