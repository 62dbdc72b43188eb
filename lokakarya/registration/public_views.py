"""The public registration form and "send me my link again"."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lokakarya.agencies.models import Agency
from lokakarya.agencies.services import agency_by_id, create_agency
from lokakarya.core.converters import database_id
from lokakarya.events.queries import viewer_is_staff
from lokakarya.extensions import db, limiter
from lokakarya.i18n import current_language
from lokakarya.registration.choices import CENTRAL, agency_choices, province_choices
from lokakarya.registration.consent import consent_text
from lokakarya.registration.forms import LinkForm, RegisterForm, kind_choices
from lokakarya.registration.messages import problem_text
from lokakarya.registration.person import check_person
from lokakarya.registration.problems import Problem
from lokakarya.registration.rate_limit import registration_rate_limit
from lokakarya.registration.services import (
    Entry,
    Refused,
    event_for_registration,
    register_people,
    registration_problem,
    resend_link,
    today_for,
    window,
)
from lokakarya.registration.views import bp
from lokakarya.timeutil import now_utc

NOT_INVITED = ("province_not_invited", "central_not_allowed")
# The notice on the personal page right after registering (registration/personal.html).
REGISTERED = {
    "confirmed": _l("Anda sudah terdaftar. Status: Terkonfirmasi."),
    "pending": _l("Pendaftaran Anda sudah kami terima. Status: Menunggu persetujuan penyelenggara."),
    "waitlisted": _l("Pendaftaran Anda sudah kami terima. Status: Daftar tunggu (kuota penuh)."),
}


def _event_or_404(slug: str):
    event = event_for_registration(slug)
    if event is None or (event.status == "draft" and not viewer_is_staff()):
        abort(404)
    return event


def _chosen_agency(event, form: RegisterForm) -> tuple[Agency | None, Problem | None]:
    """The agency picked, or a new one filed for an organiser to approve."""
    province = form.province.data or None
    if form.agency_missing.data:
        name = (form.new_agency_name.data or "").strip()
        if not name:
            return None, Problem("required")
        kind = form.new_agency_kind.data if form.new_agency_kind.data in dict(kind_choices()) else "other"
        central = province == CENTRAL
        probe = Agency(name=name, kind="ministry" if central else kind,
                       province_code=None if central else province)
        if not central and not province:
            return None, Problem("agency_required")
        problem = registration_problem(event, probe)
        if problem:
            return None, problem
        existing = db.session.execute(
            db.select(Agency).where(Agency.name == name, Agency.province_code == probe.province_code)
        ).scalars().first()
        return existing or create_agency(name, probe.kind, probe.province_code, None, approved=False), None
    agency_id = (form.agency_id.data or "").strip()
    agency = agency_by_id(database_id(agency_id)) if database_id(agency_id) else None
    if agency is None:
        return None, Problem("agency_required")
    return agency, None


def _chosen_province(offered: dict[str, str]) -> str:
    """The province whose agencies the form lists: `?province=` (the first step's answer) or
    the posted field; a post without one (an API-like client) takes the agency's province."""
    if request.method != "POST":
        code = request.args.get("province", "")
    else:
        code = request.form.get("province", "")
        agency_id = database_id((request.form.get("agency_id") or "").strip())
        agency = agency_by_id(agency_id) if code not in offered and agency_id else None
        if agency is not None:
            code = agency.province_code or CENTRAL
    return code if code in offered else ""


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@limiter.limit(registration_rate_limit, methods=["POST"])
def register(slug: str):
    event = _event_or_404(slug)
    closed = window(event).problem(now_utc())
    form = RegisterForm()
    form.province.choices = province_choices(event)
    offered = {code: name for code, name in form.province.choices if code}
    province = _chosen_province(offered)
    form.province.data = province
    form.agency_id.choices = agency_choices(event, province, offered[province]) if province else []
    form.new_agency_kind.choices = kind_choices()
    duplicate = failed = not_invited = False
    if not closed and form.validate_on_submit():
        person, problems = check_person(request.form, event.allow_pppk, today_for(event))
        agency, agency_problem = _chosen_agency(event, form)
        if agency_problem:
            problems["agency_id"] = agency_problem
        if not form.consent.data:
            problems["consent"] = Problem("consent_required")
        if not problems:
            try:
                registration = register_people(event, [Entry(person, agency)],
                                               locale=current_language())[0]
            except Refused as refused:
                problems = refused.problems
            else:
                db.session.commit()
                flash(str(REGISTERED.get(registration.status, REGISTERED["pending"])), "registered")
                return redirect(url_for("registration.personal", token=registration.token))
        db.session.rollback()
        form.add_problems(problems, problem_text)
        duplicate = any(p.code == "duplicate" for p in problems.values())
        not_invited = any(p.code in NOT_INVITED for p in problems.values())
        failed = True
        flash(_("Pendaftaran belum tersimpan: periksa isian yang ditandai."), "error")
    return render_template(
        "registration/register.html", event=event, form=form, closed=closed and problem_text(closed),
        consent=consent_text(event), duplicate=duplicate, not_invited=not_invited, link_form=LinkForm(),
        province=province, province_name=offered.get(province, ""), central=CENTRAL, failed=failed,
    ), (422 if failed else 200)


@bp.route("/events/<slug>/link", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def resend(slug: str):
    """E-mail in, link out by e-mail; the answer is the same whether or not it is registered."""
    event = _event_or_404(slug)
    form = LinkForm()
    if form.validate_on_submit():
        resend_link(event, form.email.data or "")
        db.session.commit()
        flash(_("Jika alamat itu terdaftar di acara ini, tautan pribadinya sudah kami kirim ke sana."))
        return redirect(url_for("registration.resend", slug=slug))
    return render_template("registration/resend.html", event=event, form=form)
