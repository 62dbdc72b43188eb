"""Loading events for lists and pages in a fixed number of statements."""
from flask_login import current_user
from sqlalchemy.orm import selectinload

from lokakarya.events.models import Event, EventSession, InvitedProvince
from lokakarya.extensions import db


def viewer_is_staff() -> bool:
    return bool(current_user and current_user.is_authenticated and current_user.is_staff)


def visible_events() -> list[Event]:
    """Published, closed and cancelled events for everyone; drafts for organisers too."""
    query = db.select(Event).options(selectinload(Event.sessions)).order_by(Event.id.desc())
    if not viewer_is_staff():
        query = query.where(Event.status != "draft")
    return list(db.session.execute(query).scalars())


def event_for_page(slug: str) -> Event | None:
    event = db.session.execute(
        db.select(Event)
        .where(Event.slug == slug)
        .options(
            selectinload(Event.sessions).selectinload(EventSession.meeting),
            selectinload(Event.invited).selectinload(InvitedProvince.province),
            selectinload(Event.meetings),
        )
    ).scalar_one_or_none()
    if event is None or (event.status == "draft" and not viewer_is_staff()):
        return None
    return event
