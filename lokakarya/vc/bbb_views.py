"""BigBlueButton's end-of-meeting callback (meta_endCallbackUrl of every `create`, vc/bbb.py), and
the organiser's moderator join for BBB and Jitsi meetings.

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

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from lokakarya.audit.services import record
from lokakarya.auth.decorators import staff_required
from lokakarya.core.lookup import or_404
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.events.queries import event_for_page
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from lokakarya.vc import bbb, failures, joining, providers
from lokakarya.vc.blueprint import bp
from lokakarya.vc.messages import shown
from lokakarya.vc.provider import ProviderError, Registrant
from lokakarya.vc.schedule import loads, view_of, window

# Providers whose personal join URL makes a moderator of an organiser (Zoom's host has a start URL).
HOSTED_BY_LINK = ("bbb", "jitsi")


def may_host(user, event) -> bool:
    """The event's owner (who created it) and administrators."""
    return bool(user.is_authenticated and (user.role == "admin" or event.created_by_id == user.id))


@bp.app_template_global("vc_host_button")
def host_button(meeting, event) -> bool:
    """Whether the meetings page offers the signed-in user "join as moderator" for this meeting."""
    return (meeting.managed and meeting.provider in HOSTED_BY_LINK and bool(meeting.external_id)
            and meeting.state in ("created", "updating") and may_host(current_user, event))


def _meeting(external_id: str) -> Meeting | None:
    return db.session.execute(
        db.select(Meeting).where(Meeting.provider == bbb.NAME, Meeting.managed.is_(True),
                                 Meeting.external_id == external_id)
        .options(selectinload(Meeting.event).selectinload(Event.sessions).selectinload(EventSession.meeting),
                 selectinload(Meeting.event).selectinload(Event.meetings))).scalar_one_or_none()


def meeting_ended(meeting: Meeting, now: datetime) -> None:
    """What the callback does to a meeting (flushes; the caller commits)."""
    view = view_of(meeting, meeting.event)
    data = bbb.room_gone(bbb.merge_attendees(loads(meeting.provider_data), {}, now))
    if view.ends_at is None or now >= bbb.final_from(view):
        data = bbb.mark_ended(data, now)
        span = window(meeting, meeting.event)
        if meeting.pull_state == "waiting" and span is not None:
            meeting.pull_next_at = max(now, span[1])
    meeting.provider_data = json.dumps(data)
    db.session.flush()


@bp.get("/vc/bbb/<external_id>/ended")
def bbb_ended(external_id: str):
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


@bp.post("/events/<slug>/meetings/<int:meeting_id>/host")
@staff_required
def host_join(slug: str, meeting_id: int):
    """The owner joins as moderator: the signed URL is made now, never put in a page (a POST, so
    the click is audited and nothing prefetches it)."""
    event = or_404(event_for_page(slug))
    meeting = or_404(next((m for m in event.meetings if m.id == meeting_id and m.managed
                           and m.provider in HOSTED_BY_LINK), None))
    if not may_host(current_user, event):
        abort(403)
    module = providers.get(meeting.provider)
    back = redirect(url_for("vc.meetings", slug=event.slug), code=303)
    if module is None or not module.configured(current_app.config) or not meeting.external_id \
            or meeting.state not in ("created", "updating"):
        flash(_("Rapat ini belum dibuat di layanannya; coba lagi setelah statusnya \"Dibuat\"."), "error")
        return back
    if joining.waiting_for_room(meeting, event):
        flash(_("Ruang rapat sedang disiapkan di server; coba lagi dalam satu menit."), "info")
        return back
    person = Registrant(key=f"{bbb.HOST_KEY_PREFIX}{current_user.id}", name=current_user.name or "",
                        email=current_user.email or "", agency="", moderator=True)
    try:
        url = module.personal_join_url(current_app.config, view_of(meeting, event), person)
    except ProviderError as exc:
        failed = shown(failures.dump(exc))
        words = f" ({failed.provider}: “{failed.provider_message}”)" if failed.provider_message else ""
        flash(failed.message + words, "error")
        return back
    record("vc.host_join", meeting, after={"provider": meeting.provider}, event_id=event.id)
    db.session.commit()
    return redirect(url, code=303)
