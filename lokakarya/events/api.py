"""API endpoints of the events feature (attached to the /api/v1 blueprint).

Meetings (join links, passcodes) appear only for staff tokens; anonymous callers and other
roles never see a `meeting` key.
"""
from flask import current_app, jsonify
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from lokakarya.api import bp
from lokakarya.api.auth import current_api_user, token_required
from lokakarya.api.body import json_object
from lokakarya.api.errors import validation_error
from lokakarya.core.lookup import or_api_404
from lokakarya.events import changes
from lokakarya.events.models import Event, EventSession
from lokakarya.events.queries import event_for_page, session_of, visible_events
from lokakarya.events.representation import event_json, event_values, session_json, session_values
from lokakarya.events.validation import (
    PAST_CONFIRMATION,
    event_problems,
    meeting_problems,
    past_problems,
    session_past_problems,
    session_problems,
)
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from lokakarya.vc.choices import created_meeting_input

STAFF = ("organiser",)
# What event_json reads (invited codes, event meeting); session endpoints read the agenda too.
EVENT_LOAD = (selectinload(Event.invited), selectinload(Event.meetings))
EVENT_AND_AGENDA_LOAD = (*EVENT_LOAD, selectinload(Event.sessions).selectinload(EventSession.meeting))


def _staff() -> bool:
    user = current_api_user()
    return user is not None and user.is_staff


def _event(slug: str, load=EVENT_AND_AGENDA_LOAD) -> Event:
    return or_api_404(event_for_page(slug, load=load, staff=_staff()), _("Acara tidak ditemukan."))


@bp.get("/events")
def list_events():
    staff = _staff()
    events = visible_events(load=EVENT_LOAD, staff=staff)
    return jsonify(data=[event_json(e, with_meeting=staff) for e in events])


@bp.post("/events")
@token_required(*STAFF)
def create_event_api():
    body = json_object()
    values, problems = event_values(body)
    if not values.get("title"):
        problems.setdefault("title", _("Judul wajib diisi."))
    problems = problems or {**_past(body, past_problems(values, None, now_utc(), api=True)),
                            **event_problems(values)}
    if problems:
        raise validation_error(problems)
    event = changes.create_event(values, current_api_user())
    answer = event_json(event, with_meeting=True)  # before the commit expires what it reads
    db.session.commit()
    return jsonify(answer), 201


@bp.get("/events/<slug>")
def read_event(slug: str):
    return jsonify(event_json(_event(slug, EVENT_LOAD), with_meeting=_staff()))


@bp.patch("/events/<slug>")
@token_required(*STAFF)
def update_event_api(slug: str):
    event = _event(slug)
    body = json_object()
    values, problems = event_values(body)
    has_meeting, meeting, meeting_errors = _meeting_input(body)
    problems = {**(problems or {**_past(body, past_problems(values, event, now_utc(), api=True)),
                                **event_problems(values, event)}), **meeting_errors}
    if problems:
        raise validation_error(problems)
    changes.change_event(event, values, current_api_user())
    if has_meeting:
        changes.change_meeting(event, None, meeting, current_api_user())
    answer = event_json(event, with_meeting=True)
    db.session.commit()
    return jsonify(answer)


@bp.get("/events/<slug>/sessions")
def list_sessions(slug: str):
    event = _event(slug)
    staff = _staff()
    return jsonify(data=[session_json(s, event, with_meeting=staff) for s in event.sessions])


def _past(body: dict, problems: dict[str, str]) -> dict[str, str]:
    """Dates already past are refused unless the body confirms a past event (`past_event`)."""
    return {} if body.get(PAST_CONFIRMATION) is True else problems


def _meeting_input(body: dict) -> tuple[bool, dict | None, dict[str, str]]:
    """(present, values or None to remove, problems) for the optional `meeting` object."""
    if "meeting" not in body:
        return False, None, {}
    meeting = body["meeting"]
    if meeting is None:
        return True, None, {}
    if not isinstance(meeting, dict):
        return True, None, {"meeting": _("Harus berupa objek atau null.")}
    if meeting.get("create") is True:
        values, problems = created_meeting_input(current_app.config, meeting)
        return True, values, {f"meeting.{k}": v for k, v in problems.items()}
    if not all(isinstance(meeting.get(k) or "", str) for k in ("join_url", "meeting_code", "passcode")):
        return True, None, {"meeting": _("Harus berupa teks.")}
    found = meeting_problems(meeting.get("join_url"), meeting.get("meeting_code"), meeting.get("passcode"))
    problems = {f"meeting.{k}": v for k, v in found.items()}
    return True, {k: meeting.get(k) for k in ("join_url", "meeting_code", "passcode")}, problems


def _session(event: Event, session_id: int) -> EventSession:
    return or_api_404(session_of(event, session_id), _("Sesi tidak ditemukan."))


@bp.post("/events/<slug>/sessions")
@token_required(*STAFF)
def create_session_api(slug: str):
    event = _event(slug)
    body = json_object()
    values, problems = session_values(body)
    has_meeting, meeting, meeting_errors = _meeting_input(body)
    past = session_past_problems(values.get("starts_at"), values.get("ends_at"), None, event.timezone,
                                 now_utc(), api=True)
    problems = {**_past(body, past),
                **session_problems(values.get("title"), values.get("starts_at"), values.get("ends_at")),
                **problems, **meeting_errors}
    if problems:
        raise validation_error(problems)
    session = changes.add_session(event, values, meeting if has_meeting else None, current_api_user())
    answer = session_json(session, event, with_meeting=True)
    db.session.commit()
    return jsonify(answer), 201


@bp.patch("/events/<slug>/sessions/<int:session_id>")
@token_required(*STAFF)
def update_session_api(slug: str, session_id: int):
    event = _event(slug)
    session = _session(event, session_id)
    body = json_object()
    values, problems = session_values(body)
    has_meeting, meeting, meeting_errors = _meeting_input(body)
    merged = {"title": session.title, "starts_at": session.starts_at, "ends_at": session.ends_at, **values}
    past = session_past_problems(merged["starts_at"], merged["ends_at"], session, event.timezone, now_utc(),
                                 api=True)
    problems = {**_past(body, past), **session_problems(merged["title"], merged["starts_at"], merged["ends_at"]),
                **problems, **meeting_errors}
    if session.cancelled:
        problems["status"] = _("Sesi yang dibatalkan tidak dapat diubah.")
    if problems:
        raise validation_error(problems)
    changes.change_session(event, session, values, meeting, current_api_user(), meeting_given=has_meeting)
    answer = session_json(session, event, with_meeting=True)
    db.session.commit()
    return jsonify(answer)


@bp.post("/events/<slug>/sessions/<int:session_id>/cancel")
@token_required(*STAFF)
def cancel_session_api(slug: str, session_id: int):
    event = _event(slug)
    session = _session(event, session_id)
    cancelled = changes.cancel_session(event, session, current_api_user())
    answer = session_json(session, event, with_meeting=True)
    if cancelled:
        db.session.commit()
    return jsonify(answer)
