"""Calendar files and the join link. The views load, the pure module builds, the views serve."""
from datetime import timedelta

from flask import Blueprint, Response, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from lokakarya.attendance.services import record_join
from lokakarya.core.lookup import or_404
from lokakarya.events.meetings import meeting_for
from lokakarya.events.models import Event, EventSession
from lokakarya.events.queries import AGENDA_LOAD, event_for_page, session_of
from lokakarya.extensions import db
from lokakarya.ical import calendars, entries
from lokakarya.ical.calendar_links import personal_calendar_links, public_calendar_links
from lokakarya.ical.feed_tokens import user_for_feed_token
from lokakarya.registration.views import registration_for_token
from lokakarya.registration.zones import participant_timezone
from lokakarya.timeutil import now_utc

bp = Blueprint("ical", __name__)
bp.add_app_template_global(personal_calendar_links, "personal_calendar_links")
bp.add_app_template_global(public_calendar_links, "public_calendar_links")

JOIN_OPENS_BEFORE = timedelta(minutes=30)


def ics_response(ics: bytes, filename: str, private: bool, download: bool = False) -> Response:
    response = Response(ics, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Public calendars may be kept a while; private ones (personal and organiser feeds with a
    # token, drafts for organisers) get no-store and no-referrer from core/security_headers.
    if not private:
        response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _public_event(slug: str) -> Event:
    # Public calendars carry no meeting and no province: the agenda is all they read.
    return or_404(event_for_page(slug, load=AGENDA_LOAD))


def _session(event: Event, session_id: int) -> EventSession:
    return or_404(session_of(event, session_id))


@bp.get("/events/<slug>/calendar.ics")
def event_calendar(slug: str):
    event = _public_event(slug)
    ics = calendars.public_calendar(entries.public_entries(event), event.title, now_utc(),
                                    entries.organizer(event))
    # A draft's calendar is served to organisers only: keep it out of shared caches.
    return ics_response(ics, f"{event.slug}.ics", private=event.status == "draft",
                        download="download" in request.args)


@bp.get("/events/<slug>/sessions/<int:session_id>.ics")
def session_calendar(slug: str, session_id: int):
    event = _public_event(slug)
    session = _session(event, session_id)
    ics = calendars.public_calendar([entries.public_entry(session, event)], event.title, now_utc(),
                                    entries.organizer(event))
    return ics_response(ics, f"sesi-{session.id}.ics", private=event.status == "draft", download=True)


@bp.get("/r/<token>/calendar.ics")
def personal_feed(token: str):
    registration = registration_for_token(token)
    ics = calendars.personal_feed(entries.personal_entries(registration),
                                  registration.event.title, now_utc())
    return ics_response(ics, "lokakarya.ics", private=True, download="download" in request.args)


@bp.get("/organiser/<token>/calendar.ics")
def organiser_feed(token: str):
    user = or_404(user_for_feed_token(token))
    query = db.select(Event).options(
        selectinload(Event.sessions).selectinload(EventSession.meeting), selectinload(Event.meetings)
    ).where(Event.status != "cancelled").order_by(Event.id)
    if user.role != "admin":
        query = query.where(Event.created_by_id == user.id)
    events = db.session.execute(query).scalars().all()
    words = entries.wording()
    items = [entries.organiser_entry(s, e, words) for e in events for s in e.sessions]
    ics = calendars.personal_feed(items, _("Acara yang saya kelola"), now_utc())
    return ics_response(ics, "penyelenggara.ics", private=True)


@bp.get("/r/<token>/join/<int:session_id>")
def join(token: str, session_id: int):
    registration = registration_for_token(token)
    event = registration.event
    session = _session(event, session_id)
    meeting = meeting_for(session, event.meetings)
    now = now_utc()
    refusal = None
    if registration.status != "confirmed":
        refusal = _("Tautan rapat hanya untuk peserta yang pendaftarannya sudah dikonfirmasi.")
    elif session.cancelled or event.status == "cancelled":
        refusal = _("Sesi ini dibatalkan.")
    elif now > session.ends_at:
        refusal = _("Sesi ini sudah selesai.")
    elif meeting is None:
        refusal = _("Tautan rapat untuk sesi ini belum tersedia. Silakan coba lagi nanti.")
    if refusal:
        return render_template("ical/join_refused.html", registration=registration,
                               event=event, session=session, message=refusal), 403
    if now < session.starts_at - JOIN_OPENS_BEFORE:
        return render_template(
            "ical/join_wait.html", registration=registration, event=event, session=session,
            viewer_tz=participant_timezone(registration), opens_at=session.starts_at - JOIN_OPENS_BEFORE,
        )
    join_url = meeting.join_url  # read before the commit expires it (no reload)
    record_join(registration, session, at=now)
    db.session.commit()
    # Not cached, and the token never reaches the meeting host as a Referer: the /r/ rule in
    # core/security_headers.
    return redirect(join_url, code=303)
