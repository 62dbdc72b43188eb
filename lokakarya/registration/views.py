from flask import Blueprint, abort, render_template
from sqlalchemy.orm import joinedload

from lokakarya.agencies.models import Agency
from lokakarya.events.agenda import by_day
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.registration.labels import status_labels
from lokakarya.registration.models import Registration
from lokakarya.registration.seats import seats_taken
from lokakarya.registration.services import window
from lokakarya.registration.zones import participant_timezone
from lokakarya.timeutil import now_utc

bp = Blueprint("registration", __name__)
bp.add_app_template_global(status_labels, "registration_status_labels")


def registration_for_token(token: str) -> Registration:
    """The registration a personal link belongs to, with its event and agenda; 404 otherwise."""
    registration = db.session.execute(
        db.select(Registration)
        .where(Registration.token == token, Registration.anonymised_at.is_(None))
        .options(
            joinedload(Registration.event).selectinload(Event.sessions)
            .selectinload(EventSession.meeting),
            joinedload(Registration.event).selectinload(Event.meetings),
            joinedload(Registration.agency).joinedload(Agency.province),
        )
    ).unique().scalar_one_or_none()
    if registration is None:
        abort(404)
    return registration


@bp.get("/r/<token>")
def personal(token: str):
    """The participant's own page. Other features add sections through
    `templates/<feature>/_personal.html` partials (included when present)."""
    registration = registration_for_token(token)
    event = registration.event
    viewer_tz = participant_timezone(registration)
    return render_template(
        "registration/personal.html", registration=registration, event=event,
        viewer_tz=viewer_tz, days=by_day(event.sessions, event.timezone),
        can_edit=window(event).is_open(now_utc()),
    )


@bp.app_context_processor
def _registration_helpers():
    def seats_summary(event: Event) -> dict:
        """For the event page: the window and the seats left (one statement)."""
        taken = seats_taken(event.id)
        left = None if event.capacity is None else max(event.capacity - taken.total, 0)
        return {"open": window(event).is_open(now_utc()), "left": left, "taken": taken.total}

    return {"seats_summary": seats_summary}


# The other pages of the feature attach their routes to `bp`.
from lokakarya.registration import (  # noqa: E402, F401
    delegation_views,
    manage_views,
    personal_views,
    public_views,
)
