"""Loading events for lists and pages in a fixed number of statements.

Drafts are shown to organisers only: `staff` is the signed-in viewer unless the caller says
(the API decides by its token). `load` names what the caller reads, each loaded in one statement.
"""
from flask_login import current_user
from sqlalchemy.orm import selectinload

from lokakarya.events.models import Event, EventSession, InvitedProvince
from lokakarya.extensions import db

# What the event pages read: agenda with meetings, invited provinces.
PAGE_LOAD = (
    selectinload(Event.sessions).selectinload(EventSession.meeting),
    selectinload(Event.invited).selectinload(InvitedProvince.province),
    selectinload(Event.meetings),
)
AGENDA_LOAD = (selectinload(Event.sessions),)  # the sessions only (public calendars, the index)


def session_of(event: Event, session_id: int | None) -> EventSession | None:
    """One of the event's (loaded) sessions by id; None for an unknown id or another event's."""
    return next((s for s in event.sessions if s.id == session_id), None)


def viewer_is_staff() -> bool:
    return bool(current_user and current_user.is_authenticated and current_user.is_staff)


def _staff(staff: bool | None) -> bool:
    return viewer_is_staff() if staff is None else staff


def visible_events(load=AGENDA_LOAD, staff: bool | None = None) -> list[Event]:
    """Published, closed and cancelled events for everyone; drafts for organisers too."""
    query = db.select(Event).options(*load).order_by(Event.id.desc())
    if not _staff(staff):
        query = query.where(Event.status != "draft")
    return list(db.session.execute(query).scalars())


def event_for_page(slug: str, load=PAGE_LOAD, staff: bool | None = None) -> Event | None:
    event = db.session.execute(
        db.select(Event).where(Event.slug == slug).options(*load)
    ).scalar_one_or_none()
    if event is None or (event.status == "draft" and not _staff(staff)):
        return None
    return event
