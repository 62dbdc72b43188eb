"""Calendar files and the join link. The views load, the pure module builds, the views serve."""
from datetime import datetime

from flask import Blueprint, Response, current_app, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from lokakarya.attendance.services import record_join
from lokakarya.core.conditional import Version, conditional
from lokakarya.core.lookup import or_404
from lokakarya.core.security_headers import REVALIDATE_PRIVATELY
from lokakarya.events.meetings import meeting_for
from lokakarya.events.models import Event, EventSession
from lokakarya.events.queries import AGENDA_LOAD, event_for_page, session_of
from lokakarya.extensions import db
from lokakarya.ical import calendars, entries, freshness
from lokakarya.ical.calendar_links import personal_calendar_links, public_calendar_links
from lokakarya.ical.feed_tokens import user_for_feed_token
from lokakarya.ical.join_window import JOIN_OPENS_BEFORE, join_state
from lokakarya.registration.views import registration_for_token
from lokakarya.registration.zones import participant_timezone
from lokakarya.timeutil import now_utc
from lokakarya.vc import joining

bp = Blueprint("ical", __name__)
ROOM_WAIT_REFRESH = 15  # seconds between the waiting page's own reloads (the worker passes each minute)
bp.add_app_template_global(personal_calendar_links, "personal_calendar_links")


@bp.app_template_global("join_state")
def _join_state(session: EventSession, event: Event):
    """For the participant's page: waiting (opens at …), open, ended or cancelled."""
    return join_state(session.starts_at, session.ends_at, session.cancelled or event.status == "cancelled",
                      now_utc())
bp.add_app_template_global(public_calendar_links, "public_calendar_links")



def ics_response(ics: bytes, filename: str, download: bool = False) -> Response:
    response = Response(ics, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def stamp(version: Version | None) -> datetime:
    """DTSTAMP: when the calendar's content last changed (the same body for the same ETag);
    drafts, served without a version, are stamped now."""
    return version.modified_at if version is not None and version.modified_at else now_utc()


def _public_event(slug: str) -> Event:
    # Public calendars carry no meeting and no province: the agenda is all they read.
    return or_404(event_for_page(slug, load=AGENDA_LOAD))


def _session(event: Event, session_id: int) -> EventSession:
    return or_404(session_of(event, session_id))


# Every calendar answers 304 to a client whose copy is current (core/conditional), read from
# a version before the calendar is loaded or built. Public calendars may be kept a while by
# anyone; feeds behind a token are kept by their own client only and revalidated on every
# poll. A draft's calendar has no version: organisers only, `no-store` (core/security_headers).
PUBLIC = "public, max-age=300"


@bp.get("/events/<slug>/calendar.ics")
def event_calendar(slug: str):
    version = freshness.public_calendar(slug)

    def build() -> Response:
        event = _public_event(slug)
        ics = calendars.public_calendar(entries.public_entries(event), event.title, stamp(version),
                                        entries.organizer(event))
        return ics_response(ics, f"{event.slug}.ics", download="download" in request.args)

    return conditional(version, build, PUBLIC)


@bp.get("/events/<slug>/sessions/<int:session_id>.ics")
def session_calendar(slug: str, session_id: int):
    version = freshness.session_calendar(slug, session_id)

    def build() -> Response:
        event = _public_event(slug)
        session = _session(event, session_id)
        ics = calendars.public_calendar([entries.public_entry(session, event)], event.title, stamp(version),
                                        entries.organizer(event))
        return ics_response(ics, f"sesi-{session.id}.ics", download=True)

    return conditional(version, build, PUBLIC)


@bp.get("/r/<token>/calendar.ics")
def personal_feed(token: str):
    version = freshness.personal_feed(token)

    def build() -> Response:
        registration = registration_for_token(token)
        ics = calendars.personal_feed(entries.personal_entries(registration),
                                      registration.event.title, stamp(version))
        return ics_response(ics, "lokakarya.ics", download="download" in request.args)

    return conditional(version, build, REVALIDATE_PRIVATELY)


@bp.get("/organiser/<token>/calendar.ics")
def organiser_feed(token: str):
    user = or_404(user_for_feed_token(token))
    version = freshness.organiser_feed(user)

    def build() -> Response:
        query = db.select(Event).options(
            selectinload(Event.sessions).selectinload(EventSession.meeting), selectinload(Event.meetings)
        ).where(Event.status != "cancelled").order_by(Event.id)
        if user.role != "admin":
            query = query.where(Event.created_by_id == user.id)
        events = db.session.execute(query).scalars().all()
        words = entries.wording()
        items = [entries.organiser_entry(s, e, words) for e in events for s in e.sessions]
        ics = calendars.personal_feed(items, _("Acara yang saya kelola"), stamp(version))
        return ics_response(ics, "penyelenggara.ics")

    return conditional(version, build, REVALIDATE_PRIVATELY)


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
    elif meeting is None or not joining.ready(meeting):
        refusal = _("Tautan rapat untuk sesi ini belum tersedia. Silakan coba lagi nanti.")
    if refusal:
        return render_template("ical/join_refused.html", registration=registration,
                               event=event, session=session, message=refusal), 403
    if now < session.starts_at - JOIN_OPENS_BEFORE:
        return render_template(
            "ical/join_wait.html", registration=registration, event=event, session=session,
            viewer_tz=participant_timezone(registration), opens_at=session.starts_at - JOIN_OPENS_BEFORE,
        )
    if joining.waiting_for_room(meeting, event):
        # Nothing recorded (a GET that waits writes nothing); the page asks again by itself.
        page = render_template("ical/join_room_wait.html", registration=registration, event=event,
                               session=session, refresh=ROOM_WAIT_REFRESH)
        return page, 200, {"Refresh": str(ROOM_WAIT_REFRESH)}
    # Read before the commit expires it (no reload): the person's own URL where the provider
    # gives one (Zoom registrant link, BBB signed URL, Jitsi token), else the meeting's.
    join_url = joining.personal_join_url(current_app.config, meeting, event, registration)
    record_join(registration, session, at=now)
    db.session.commit()
    # Not cached, and the token never reaches the meeting host as a Referer: the /r/ rule in
    # core/security_headers.
    return redirect(join_url, code=303)
