"""BigBlueButton's end-of-meeting callback (meta_endCallbackUrl of every `create`, vc/bbb.py).

BBB calls it with GET (its design, not ours) when a meeting ends, adding meetingID and
recordingmarks to our URL, which carries a token only this app can make (bbb.callback_token).
It closes the spans of the people still in the meeting and, when the session is in its last
minutes or over, marks the meeting ended so the attendance pull runs at once instead of waiting
for the worker's next look. Idempotent: a second call changes nothing. A wrong token, an unknown
meeting, or BBB not configured: 403/404, nothing changed.
"""
from __future__ import annotations

import json
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, request
from sqlalchemy.orm import selectinload

from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from lokakarya.vc import bbb
from lokakarya.vc.schedule import loads, view_of, window

bp = Blueprint("vc_bbb", __name__)


def _meeting(external_id: str) -> Meeting | None:
    return db.session.execute(
        db.select(Meeting).where(Meeting.provider == bbb.NAME, Meeting.managed.is_(True),
                                 Meeting.external_id == external_id)
        .options(selectinload(Meeting.event).selectinload(Event.sessions).selectinload(EventSession.meeting),
                 selectinload(Meeting.event).selectinload(Event.meetings))).scalar_one_or_none()


def meeting_ended(meeting: Meeting, now: datetime) -> None:
    """What the callback does to a meeting (flushes; the caller commits)."""
    view = view_of(meeting, meeting.event)
    data = bbb.merge_attendees(loads(meeting.provider_data), {}, now)
    if view.ends_at is None or now >= bbb.final_from(view):
        data = bbb.mark_ended(data, now)
        span = window(meeting, meeting.event)
        if meeting.pull_state == "waiting" and span is not None:
            meeting.pull_next_at = max(now, span[1])
    meeting.provider_data = json.dumps(data)
    db.session.flush()


@bp.get("/vc/bbb/<external_id>/ended")
def ended(external_id: str):
    config = current_app.config
    if not bbb.configured(config):
        abort(404)
    if not bbb.callback_token_ok(config, external_id, request.args.get("token", "")) or \
            request.args.get("meetingID", external_id) != external_id:
        abort(403)
    meeting = _meeting(external_id)
    if meeting is None or meeting.state == "cancelled":
        abort(404)
    if not loads(meeting.provider_data).get("ended_at"):
        meeting_ended(meeting, now_utc())
        db.session.commit()
    return Response("", 204)
