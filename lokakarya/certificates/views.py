"""Certificates: the organiser's page, the participant's download, the public check."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from lokakarya.attendance.messages import status_labels
from lokakarya.attendance.recap import (
    PeopleFilters,
    event_for_recap,
    people_page,
    province_choices,
    session_rules,
)
from lokakarya.auth.decorators import staff_required
from lokakarya.certificates import services
from lokakarya.certificates.models import Certificate
from lokakarya.core.downloads import PDF, attachment
from lokakarya.core.forms import text_problem_text
from lokakarya.core.lookup import or_404
from lokakarya.core.paging import Page, page_number
from lokakarya.core.text import text_problem
from lokakarya.extensions import db
from lokakarya.i18n import current_language
from lokakarya.registration.models import Registration
from lokakarya.registration.views import registration_for_token

REVOKE_REASON_MAX = 300  # Certificate.revoke_reason
PAGE_SIZE = 50  # people on the list
bp = Blueprint("certificates", __name__)


def _event(slug: str):
    return or_404(event_for_recap(slug))


def _pdf_response(certificate: Certificate, registration: Registration, event, lang: str) -> Response:
    body = services.pdf_for(certificate, registration, event, lang)
    return attachment(body, services.pdf_filename(certificate), PDF)


@bp.get("/events/<slug>/certificates")
@staff_required
def manage(slug: str):
    event = _event(slug)
    filters = PeopleFilters.from_args(request.args)
    number = page_number(request.args)
    people, total = people_page(event, session_rules(event), PAGE_SIZE, (number - 1) * PAGE_SIZE, filters)
    return render_template("certificates/manage.html", event=event, people=people, filters=filters,
                           page=Page(number, PAGE_SIZE, total), provinces=province_choices(),
                           certificates=services.certificates_for([p.registration.id for p in people]),
                           issued=services.valid_count(event), eligible=services.eligible_count(event),
                           statuses=status_labels())


@bp.post("/events/<slug>/certificates/issue-eligible")
@staff_required
def issue_eligible(slug: str):
    event = _event(slug)
    issued, held = services.issue_to_eligible(event, current_user._get_current_object())
    db.session.commit()
    flash(_("%(count)d sertifikat diterbitkan.", count=len(issued)), "success")
    if held:
        flash(_("%(count)d peserta memenuhi syarat tetapi belum mengisi evaluasi; sertifikatnya ditahan.",
                count=len(held)), "info")
    return redirect(url_for("certificates.manage", slug=slug))


def _back(slug: str, anchor: str = ""):
    """To the page of the list the form was sent from, with its filters."""
    number = page_number(request.form)
    return redirect(url_for("certificates.manage", slug=slug, **PeopleFilters.from_args(request.form).as_args(),
                            **({"page": number} if number > 1 else {})) + anchor)


def _registration(event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


@bp.post("/events/<slug>/certificates/issue/<int:registration_id>")
@staff_required
def issue_one(slug: str, registration_id: int):
    event = _event(slug)
    registration = _registration(event, registration_id)
    if registration.status != "confirmed":
        flash(_("Sertifikat hanya untuk peserta terkonfirmasi."), "error")
        return _back(slug)
    services.issue(event, [registration], current_user._get_current_object())
    db.session.commit()
    flash(_("Sertifikat diterbitkan untuk %(name)s.", name=registration.name), "success")
    return _back(slug, f"#r{registration.id}")


@bp.post("/events/<slug>/certificates/<int:certificate_id>/revoke")
@staff_required
def revoke(slug: str, certificate_id: int):
    event = _event(slug)
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.event_id != event.id:
        abort(404)
    reason = request.form.get("reason", "").strip()
    if not reason:
        flash(_("Tuliskan alasan pencabutan."), "error")
        return _back(slug)
    problem = text_problem(reason, REVOKE_REASON_MAX)
    if problem:
        flash(_("Alasan pencabutan: %(problem)s", problem=text_problem_text(problem, REVOKE_REASON_MAX)), "error")
        return _back(slug)
    services.revoke(certificate, reason, current_user._get_current_object())
    db.session.commit()
    flash(_("Sertifikat dicabut."), "success")
    return _back(slug)


@bp.get("/events/<slug>/certificates/<int:certificate_id>.pdf")
@staff_required
def organiser_pdf(slug: str, certificate_id: int):
    event = _event(slug)
    certificate = db.session.execute(
        db.select(Certificate).where(Certificate.id == certificate_id, Certificate.event_id == event.id)
        .options(joinedload(Certificate.registration).joinedload(Registration.agency))
    ).scalar_one_or_none()
    if certificate is None:
        abort(404)
    return _pdf_response(certificate, certificate.registration, event, current_language())


@bp.get("/r/<token>/certificate.pdf")
def participant_pdf(token: str):
    registration = registration_for_token(token)
    certificate = services.certificate_of(registration)
    if certificate is None or not certificate.valid:
        abort(404)
    return _pdf_response(certificate, registration, registration.event, registration.locale or "id")


@bp.get("/certificates/<code>")
def verify(code: str):
    """Public: whether a certificate is valid. Shows the event and number, never the person."""
    certificate = db.session.execute(
        db.select(Certificate).where(Certificate.code == code.strip().upper()[:20])
        .options(joinedload(Certificate.event))).scalar_one_or_none()
    status = 404 if certificate is None else 200
    return render_template("certificates/verify.html", certificate=certificate, code=code), status


@bp.app_context_processor
def certificate_helpers():
    return {"certificate_for": services.certificate_of}
