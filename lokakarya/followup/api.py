"""API endpoints of the followup feature (attached to the /api/v1 blueprint)."""

from flask import jsonify, request

from lokakarya.api import bp
from lokakarya.api.auth import token_required
from lokakarya.api.body import check_json, json_object
from lokakarya.api.errors import ApiError, validation_error
from lokakarya.api.paging import limit_offset, meta
from lokakarya.core.converters import DATABASE_INT_MAX
from lokakarya.core.lookup import or_api_404
from lokakarya.events.models import InvitedProvince
from lokakarya.events.representation import parse_instant
from lokakarya.extensions import db
from lokakarya.followup.access import (
    FOLLOWUP_ROLES,
    can_edit_submission,
    can_report_on,
    can_see_item,
    is_organiser,
    issue_scope,
)
from lokakarya.followup.messages import messages
from lokakarya.followup.models import ActionItem, ActionUpdate, Issue, Submission
from lokakarya.followup.queries import Filters, event_by_slug, item_by_id, item_page
from lokakarya.followup.rounds import open_round, round_for, submissions_of
from lokakarya.followup.serialize import issue_json, item_json, submission_json, update_json
from lokakarya.followup.submissions import (
    accept_submission,
    editable,
    new_commitment,
    return_submission,
    save_issue,
    submission_for,
    submit,
)
from lokakarya.followup.tracking import add_recommendation, patch_item, post_update
from lokakarya.timeutil import now_utc


def _user():
    from lokakarya.api.auth import current_api_user

    return current_api_user()


def _event(slug: str, with_invited: bool = False):
    return or_api_404(event_by_slug(slug, with_invited))


def _refuse(problems: dict[str, str]):
    raise validation_error(messages(problems))


def _forbidden():
    raise ApiError(403, "forbidden", "You may not see or change this.")


@bp.get("/events/<slug>/follow-up")
@token_required(*FOLLOWUP_ROLES)
def followup_round_get(slug: str):
    return jsonify(_round_json(_event(slug, with_invited=True)))


def _round_json(event) -> dict:
    rnd = round_for(event)
    user = _user()
    states = {s.province_code: s for s in submissions_of(event)}
    provinces = [(p.province_code, p.province.name) for p in event.invited
                 if is_organiser(user) or user.province_code == p.province_code]
    return {
        "event": event.slug, "open": rnd is not None,
        "deadline": rnd.deadline.isoformat() if rnd else None,
        "provinces": [submission_json(code, name, states.get(code)) for code, name in provinces],
    }


@bp.post("/events/<slug>/follow-up")
@token_required("organiser")
def followup_round_open(slug: str):
    event = _event(slug, with_invited=True)
    body = json_object()
    try:
        deadline = parse_instant(body.get("deadline") or "")
    except ValueError:
        raise validation_error({"deadline": "An ISO 8601 timestamp with offset is required."}) from None
    contacts = body.get("focal_points") or {}
    if not isinstance(contacts, dict):
        raise validation_error({"focal_points": "An object of province code → e-mail."})
    result = open_round(event, deadline, {str(k): str(v) for k, v in contacts.items()}, _user())
    if isinstance(result, dict):
        if result.get("deadline") == "round_exists":
            raise ApiError(409, "conflict", messages(result)["deadline"])
        _refuse(result)
    db.session.commit()
    return jsonify(_round_json(event)), 201


def _submission(slug: str, code: str) -> Submission:
    """The province's submission in the event's round, if the token's user may act on it."""
    event = _event(slug)
    if not can_edit_submission(_user(), code):
        _forbidden()
    return or_api_404(submission_for(event, code), "No follow-up round for this province in this event.")


def _submission_answer(submission: Submission, result):
    """The service's refusal as an API error, or the request's one commit and the new state."""
    if isinstance(result, str):
        status = 422 if result in ("empty_submission", "required", "too_long", "forbidden_characters") else 409
        if status == 422:
            raise validation_error(messages({"comment" if result != "empty_submission" else "status": result}))
        raise ApiError(409, "conflict", messages({"state": result})["state"])
    db.session.commit()
    return jsonify(submission_json(submission.province_code, submission.province.name, submission))


@bp.post("/events/<slug>/follow-up/provinces/<code>/submit")
@token_required("organiser", "province_focal_point")
def submission_submit(slug: str, code: str):
    """Hand the province's issues and commitments to the organiser; its commitments become
    tracked (the same service as the web page's button)."""
    sub = _submission(slug, code)
    return _submission_answer(sub, submit(sub, _user()))


@bp.post("/events/<slug>/follow-up/provinces/<code>/return")
@token_required("organiser")
def submission_return(slug: str, code: str):
    sub = _submission(slug, code)
    body = json_object(checked=False)  # 404 before 422
    check_json(body)
    return _submission_answer(sub, return_submission(sub, body.get("comment") or "", _user()))


@bp.post("/events/<slug>/follow-up/provinces/<code>/accept")
@token_required("organiser")
def submission_accept(slug: str, code: str):
    sub = _submission(slug, code)
    return _submission_answer(sub, accept_submission(sub, _user()))


@bp.get("/events/<slug>/issues")
@token_required(*FOLLOWUP_ROLES)
def issues_list(slug: str):
    event = _event(slug)
    query = db.select(Issue).where(Issue.event_id == event.id, issue_scope(_user())).order_by(Issue.id)
    if request.args.get("province_code"):
        query = query.where(Issue.province_code == request.args["province_code"])
    return jsonify(data=[issue_json(i) for i in db.session.execute(query).scalars()])


def _province_for_write(event, body: dict) -> tuple[str, Submission | None]:
    """The province a focal point writes for (their own), or the organiser's choice, and its
    submission, which must still be editable by the writer."""
    user = _user()
    code = body.get("province_code") or (user.province_code if not is_organiser(user) else None)
    if not code and is_organiser(user):
        _refuse({"province_code": "required"})  # organisers name the province they write for
    if code and not _invited(event, code):
        _refuse({"province_code": "bad_province"})  # checked here: the database would refuse it
    if not code or not can_edit_submission(user, code):
        _forbidden()
    submission = submission_for(event, code)
    if not editable(submission, user):
        raise ApiError(409, "conflict", messages({"s": "locked"})["s"])
    return code, submission


def _invited(event, code: str) -> bool:
    return db.session.execute(db.select(InvitedProvince.province_code).where(
        InvitedProvince.event_id == event.id, InvitedProvince.province_code == code)).first() is not None


@bp.post("/events/<slug>/issues")
@token_required("organiser", "province_focal_point")
def issues_create(slug: str):
    event = _event(slug)
    body = json_object()
    code, _submission = _province_for_write(event, body)
    result = save_issue(None, event, code, body, _user())
    if isinstance(result, dict):
        _refuse(result)
    db.session.commit()
    return jsonify(issue_json(result)), 201


def _list_items(filters: Filters):
    limit, offset = limit_offset()
    now = now_utc()
    items, total = item_page(_user(), filters, now, limit, offset)
    return jsonify(data=[item_json(i, now) for i in items], meta=meta(total, limit, offset))


@bp.get("/events/<slug>/action-items")
@token_required(*FOLLOWUP_ROLES)
def event_items_list(slug: str):
    event = _event(slug)
    return _list_items(Filters.from_args(request.args, event_id=event.id))


@bp.post("/events/<slug>/action-items")
@token_required("organiser", "province_focal_point")
def event_items_create(slug: str):
    event = _event(slug)
    body = json_object()
    user = _user()
    kind = body.get("kind") or ("recommendation" if is_organiser(user) else "commitment")
    if kind == "recommendation":
        if not is_organiser(user):
            _forbidden()
        result = add_recommendation(event, body, user)
    elif kind == "commitment":
        code, submission = _province_for_write(event, body)
        result = new_commitment(event, code, submission, body, user)
    else:
        raise validation_error(messages({"kind": "bad_kind"}))
    if isinstance(result, dict):
        _refuse(result)
    db.session.commit()
    return jsonify(item_json(_load(result.id), now_utc())), 201


@bp.get("/action-items")
@token_required(*FOLLOWUP_ROLES)
def items_list():
    event_arg = request.args.get("event", "")
    event_id = None
    if event_arg.isascii() and event_arg.isdigit():
        event_id = int(event_arg) if int(event_arg) <= DATABASE_INT_MAX else -1  # no event has it
    elif event_arg:
        event = event_by_slug(event_arg)
        event_id = event.id if event else -1  # an unknown slug lists nothing
    return _list_items(Filters.from_args(request.args, event_id=event_id))


def _load(item_id: int) -> ActionItem:
    return or_api_404(item_by_id(item_id, with_updates=False), "No action item with this id.")


def _visible(item_id: int, to_report: bool = False) -> ActionItem:
    """The item if the token's user may see it (and, with `to_report`, post progress on it)."""
    item = _load(item_id)
    user = _user()
    # Not 404: the id says nothing more than the refusal, and the 403 is documented.
    allowed = can_report_on if to_report else can_see_item  # reporting implies seeing
    if not allowed(user, item):
        _forbidden()
    return item


@bp.get("/action-items/<int:item_id>")
@token_required(*FOLLOWUP_ROLES)
def item_get(item_id: int):
    return jsonify(item_json(_visible(item_id), now_utc()))


@bp.patch("/action-items/<int:item_id>")
@token_required(*FOLLOWUP_ROLES)
def item_patch(item_id: int):
    item = _visible(item_id, to_report=True)
    result = patch_item(item, json_object(), _user())
    if isinstance(result, dict):
        _refuse(result)
    db.session.commit()
    return jsonify(item_json(_load(item_id), now_utc()))


@bp.get("/action-items/<int:item_id>/updates")
@token_required(*FOLLOWUP_ROLES)
def updates_list(item_id: int):
    _visible(item_id)
    rows = db.session.execute(db.select(ActionUpdate).where(ActionUpdate.action_item_id == item_id)
                              .order_by(ActionUpdate.id)).scalars()
    return jsonify(data=[update_json(u) for u in rows])


@bp.post("/action-items/<int:item_id>/updates")
@token_required(*FOLLOWUP_ROLES)
def updates_create(item_id: int):
    item = _visible(item_id, to_report=True)
    body = json_object()
    result = post_update(item, _user(), note=str(body.get("note") or ""), progress=body.get("progress"),
                         status=body.get("status") or None, evidence_url=str(body.get("evidence_url") or ""))
    if isinstance(result, dict):
        _refuse(result)
    db.session.commit()
    return jsonify(update_json(result)), 201
