"""API endpoints of the registration feature (attached to the /api/v1 blueprint)."""
from flask import jsonify, request

from lokakarya.api import bp
from lokakarya.api.auth import current_api_user, token_required
from lokakarya.api.body import check_json, json_object
from lokakarya.api.errors import ApiError, validation_error
from lokakarya.api.paging import limit_offset, meta
from lokakarya.core.converters import DATABASE_INT_MAX
from lokakarya.extensions import db, limiter
from lokakarya.i18n import current_language
from lokakarya.registration.links import feed_url, personal_url
from lokakarya.registration.messages import problem_text, problems_text
from lokakarya.registration.models import Registration
from lokakarya.registration.person import check_person
from lokakarya.registration.problems import Problem
from lokakarya.registration.queries import Filters, managed_event, registration_slice
from lokakarya.registration.rate_limit import registration_rate_limit
from lokakarya.registration.services import (
    Entry,
    Refused,
    approve,
    cancel,
    event_and_agency,
    register_people,
    registration_problem,
    reject,
    today_for,
)

WINDOW_PROBLEMS = ("event_not_open", "not_yet_open", "closed")


def registration_json(r: Registration) -> dict:
    agency = r.agency
    return {
        "id": r.id, "status": r.status, "name": r.name, "nip": r.nip, "position": r.position,
        "email": r.email, "phone": r.phone, "agency_id": r.agency_id,
        "agency_name": agency.name if agency else None,
        "province_code": agency.province_code if agency else None, "locale": r.locale,
        "consent_version": r.consent_version,
        "consented_at": r.consented_at.isoformat() if r.consented_at else None,
        "rejection_reason": r.rejection_reason, "created_at": r.created_at.isoformat(),
        "status_changed_at": r.status_changed_at.isoformat(),
    }


def _agency_id(body: dict, user) -> int | None:
    """The agency asked for: a focal point's own, whatever the body says."""
    if user is not None and user.role == "agency_focal_point":
        if body.get("agency_id") not in (None, user.agency_id):
            raise validation_error({"agency_id": problem_text(Problem("not_your_agency"))})
        return user.agency_id
    agency_id = body.get("agency_id")
    # Read before the body is checked (404 first): only an id a row can have reaches the query.
    is_id = isinstance(agency_id, int) and not isinstance(agency_id, bool) and 0 < agency_id <= DATABASE_INT_MAX
    return agency_id if is_id else None


@bp.post("/events/<slug>/registrations")
@limiter.limit(registration_rate_limit, exempt_when=lambda: bool(request.headers.get("Authorization")))
def create_registration(slug: str):
    user = current_api_user()
    if user is not None and user.role not in ("agency_focal_point", "organiser", "admin"):
        raise ApiError(403, "forbidden", "Your role may not register people.")
    body = json_object(checked=False)
    event, agency = event_and_agency(slug, _agency_id(body, user))
    if event is None or event.status == "draft":
        raise ApiError(404, "not_found", "No such event.")
    check_json(body)
    person, problems = check_person(body, event.allow_pppk, today_for(event))
    if body.get("consent") is not True:
        problems["consent"] = Problem("consent_required")
    problem = registration_problem(event, agency)
    if problem and problem.code in WINDOW_PROBLEMS:
        raise ApiError(409, "registration_closed", problem_text(problem))
    if agency is None:
        missing = body.get("agency_id") in (None, "")
        problems["agency_id"] = Problem("agency_required" if missing else "agency_unknown")
    elif problem:
        problems["agency_id"] = problem
    if problems:
        raise validation_error(problems_text(problems))
    try:
        registration = register_people(
            event, [Entry(person, agency)], locale=current_language(),
            registered_by_id=user.id if user is not None else None,
        )[0]
    except Refused as refused:
        raise ApiError(409, "duplicate", problem_text(Problem("duplicate")),
                       problems_text(refused.problems)) from None
    answer = {
        "id": registration.id, "status": registration.status, "token": registration.token,
        "manage_url": personal_url(registration), "calendar_url": feed_url(registration),
    }
    db.session.commit()
    return jsonify(answer), 201


@bp.get("/events/<slug>/registrations")
@token_required("organiser")
def list_registrations(slug: str):
    event = managed_event(slug)
    limit, offset = limit_offset()
    shown, total = registration_slice(event.id, Filters.from_args(request.args), limit, offset)
    return jsonify(data=[registration_json(r) for r in shown], meta=meta(total, limit, offset))


@bp.patch("/registrations/<int:registration_id>")
@token_required("organiser")
def change_registration(registration_id: int):
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.anonymised_at is not None:
        raise ApiError(404, "not_found", "No such registration.")
    body = json_object()
    status = body.get("status")
    try:
        if status == "confirmed":
            approve(registration)
        elif status == "rejected":
            reject(registration, str(body.get("reason") or ""))
        elif status == "cancelled":
            cancel(registration, by_organiser=True)
        else:
            raise validation_error({"status": problem_text(Problem("status_unknown"))})
    except Refused as refused:
        db.session.rollback()
        raise validation_error(problems_text(refused.problems)) from None
    db.session.commit()
    return jsonify(registration_json(registration))
