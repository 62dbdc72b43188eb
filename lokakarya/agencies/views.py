from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from lokakarya.agencies.forms import PROBLEM_MESSAGES, AgencyForm
from lokakarya.agencies.labels import kind_labels
from lokakarya.agencies.models import Agency
from lokakarya.agencies.services import (
    EDITABLE_FIELDS,
    agency_problems,
    create_agency,
    search_agencies,
    update_agency,
)
from lokakarya.audit.services import record, snapshot
from lokakarya.auth.decorators import staff_required
from lokakarya.core.lookup import or_404
from lokakarya.extensions import db
from lokakarya.regions.models import Province, Regency

bp = Blueprint("agencies", __name__, url_prefix="/agencies")


def _provinces() -> list[Province]:
    return list(db.session.execute(db.select(Province).order_by(Province.name)).scalars())


@bp.get("/")
@staff_required
def index():
    province_code = request.args.get("province") or None
    q = request.args.get("q", "")
    pending = request.args.get("pending") == "1"
    agencies = search_agencies(province_code, q, approved=False if pending else None)
    provinces = _provinces()
    return render_template("agencies/index.html", agencies=agencies, provinces=provinces,
                           province_names={p.code: p.name for p in provinces},
                           province_code=province_code, q=q, pending=pending, kinds=kind_labels())


def _form(agency: Agency | None = None) -> AgencyForm:
    form = AgencyForm(obj=agency)
    provinces = _provinces()
    names = {p.code: p.name for p in provinces}
    form.province_code.choices = [SelectChoice("", _("— (lembaga pusat)"))] + [
        SelectChoice(p.code, p.name) for p in provinces]
    regencies = db.session.execute(db.select(Regency).order_by(Regency.code)).scalars()
    form.regency_code.choices = [SelectChoice("", "—")] + [
        SelectChoice(r.code, r.name, optgroup=names[r.province_code]) for r in regencies]
    return form


def _save(form: AgencyForm, agency: Agency | None):
    """Validate and save; returns the problems (already on the form) when refused."""
    values = form.values()
    problems = agency_problems(**values, exclude_id=agency.id if agency else None)
    for name, problem in problems.items():
        field = getattr(form, name)
        if not field.errors:  # WTForms may have said it already ("required" of an empty name)
            field.errors = [PROBLEM_MESSAGES[problem]]
    if problems or form.errors:
        return False
    if agency is None:
        agency = create_agency(**values)
        record("agency.create", agency, after=snapshot(agency, EDITABLE_FIELDS))
    else:
        before = snapshot(agency, EDITABLE_FIELDS)
        update_agency(agency, **values)
        record("agency.update", agency, before=before, after=snapshot(agency, EDITABLE_FIELDS))
    db.session.commit()
    flash(_("Instansi %(name)s disimpan.", name=agency.name))
    return True


def _form_page(agency: Agency | None):
    form = _form(agency)
    if not form.is_submitted():
        return render_template("agencies/form.html", form=form, agency=agency)
    form.validate()  # field rules (required, length); agency_problems adds the directory's
    if _save(form, agency):
        return redirect(url_for("agencies.index", pending="1" if agency and not agency.approved else None))
    return render_template("agencies/form.html", form=form, agency=agency), 400


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    return _form_page(None)


@bp.route("/<int:agency_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(agency_id: int):
    return _form_page(or_404(db.session.get(Agency, agency_id)))


@bp.post("/<int:agency_id>/approve")
@staff_required
def approve(agency_id: int):
    """Agencies filed by registrants ("my agency is not listed") join the directory."""
    agency = or_404(db.session.get(Agency, agency_id))
    if not agency.approved:
        agency.approved = True
        record("agency.approve", agency, before={"approved": False}, after={"approved": True})
        db.session.commit()
    flash(_("Instansi %(name)s disetujui.", name=agency.name))
    return redirect(url_for("agencies.index", pending="1"))


@bp.get("/picker")
def picker():
    """Searchable picker for forms: agencies of one province (`central=1`: and the central
    bodies), filtered by name; a JSON list of at most 50, one statement whatever the directory."""
    agencies = search_agencies(request.args.get("province") or None, request.args.get("q", ""),
                               limit=50, with_central=request.args.get("central") == "1")
    return jsonify([{"id": a.id, "name": a.name, "kind": a.kind} for a in agencies])
