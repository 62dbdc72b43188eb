"""Agency focal points: register a delegation (rows or an upload) and manage it."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lokakarya.auth.decorators import roles_required
from lokakarya.core.downloads import CSV, XLSX, attachment
from lokakarya.core.forms import ActionForm
from lokakarya.extensions import db
from lokakarya.i18n import current_language
from lokakarya.registration import exports, upload
from lokakarya.registration.consent import consent_text
from lokakarya.registration.delegation import register_delegation
from lokakarya.registration.forms import UploadForm
from lokakarya.registration.messages import FIELD_LABELS, problem_text
from lokakarya.registration.models import Registration
from lokakarya.registration.person import PERSON_FIELDS
from lokakarya.registration.problems import Problem
from lokakarya.registration.queries import Filters, managed_event, registrations
from lokakarya.registration.services import Refused, cancel, registration_problem, today_for
from lokakarya.registration.views import bp

FORM_ROWS = 5
focal_point_required = roles_required("agency_focal_point")


def _context(slug: str):
    event = managed_event(slug)
    if event.status == "draft" or current_user.agency is None:
        abort(403 if event.status != "draft" else 404)
    return event, current_user.agency


def _form_rows() -> list[tuple[int, dict]]:
    rows = []
    for index in range(1, FORM_ROWS + 1):
        values = {f: request.form.get(f"{f}_{index}", "").strip() for f in PERSON_FIELDS}
        if any(values.values()):
            rows.append((index, values))
    return rows


@bp.route("/events/<slug>/delegation", methods=["GET", "POST"])
@focal_point_required
def delegation(slug: str):
    event, agency = _context(slug)
    form = UploadForm()
    errors: list[tuple[int, str, str]] = []
    if form.validate_on_submit():
        errors = _submit(event, agency, form)
        if not errors:
            db.session.commit()
            return redirect(url_for("registration.delegation", slug=slug))
        db.session.rollback()
    elif form.is_submitted():  # e.g. a file whose name carries control characters
        errors = [(0, "", str(error)) for field in form for error in field.errors]
    mine = registrations(event.id, Filters(agency_id=agency.id))
    return render_template(
        "registration/delegation.html", event=event, agency=agency, form=form, errors=errors,
        registrations=mine, mask=exports.mask_nip, rows=range(1, FORM_ROWS + 1),
        fields=PERSON_FIELDS, consent=consent_text(event), closed=registration_problem(event, agency),
        cancel_form=ActionForm(), values=request.form, field_labels={k: str(v) for k, v in FIELD_LABELS.items()},
    ), (422 if errors else 200)


def _submit(event, agency, form: UploadForm) -> list[tuple[int, str, str]]:
    """Registers the rows or returns (line, field, message) for each problem."""
    closed = registration_problem(event, agency)
    if closed:
        return [(0, "", problem_text(closed))]
    if not form.consent.data:
        return [(0, "", problem_text(Problem("consent_required")))]
    if form.file.data:
        try:
            rows = upload.parse_rows(form.file.data.filename or "", form.file.data.read(), current_language())
        except upload.UploadError as bad:
            return [(0, "", problem_text(bad.problem))]
    else:
        rows = _form_rows()
        if not rows:
            return [(0, "", problem_text(Problem("file_empty")))]
    made, problems = register_delegation(event, agency, rows, today_for(event), current_language(),
                                         current_user.id)
    if problems:
        return [(line, field, problem_text(problem)) for line, field, problem in problems]
    counts = {s: sum(1 for r in made if r.status == s) for s in ("confirmed", "pending", "waitlisted")}
    flash(_("%(n)s pegawai didaftarkan: %(confirmed)s terkonfirmasi, %(pending)s menunggu persetujuan, "
            "%(waitlisted)s daftar tunggu.", n=len(made), **counts))
    return []


@bp.get("/events/<slug>/delegation/template.<ext>")
@focal_point_required
def delegation_template(slug: str, ext: str):
    if ext == "csv":
        return attachment(upload.template_csv(current_language()), "delegasi.csv", CSV)
    if ext == "xlsx":
        return attachment(upload.template_xlsx(current_language(), _("Delegasi")), "delegasi.xlsx", XLSX)
    abort(404)


@bp.post("/events/<slug>/delegation/<int:registration_id>/cancel")
@focal_point_required
def delegation_cancel(slug: str, registration_id: int):
    event, agency = _context(slug)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id or registration.agency_id != agency.id:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            cancel(registration)
        except Refused:
            flash(_("Pendaftaran ini tidak dapat dibatalkan lagi."), "error")
        else:
            db.session.commit()
            flash(_("Pendaftaran dibatalkan."))
    return redirect(url_for("registration.delegation", slug=slug))
