"""Versions of the calendars (core/conditional), read in one statement before anything is built.

Each version's `modified_at` is also the calendar's DTSTAMP, so the body is the same for the
same version (a strong ETag) and DTSTAMP still moves forward with every change. What moves it:
see events/freshness; the personal feed also shows the registration's status (which moves
`status_changed_at`). None means "answer in full": unknown items (404) and drafts (organisers
only, never kept).
"""
from sqlalchemy import func

from lokakarya.auth.models import User
from lokakarya.core.conditional import Version, latest
from lokakarya.events.freshness import agenda_select
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.registration.models import Registration


def public_calendar(slug: str) -> Version | None:
    row = db.session.execute(agenda_select().where(Event.slug == slug)).one_or_none()
    if row is None or row.status == "draft":
        return None
    return Version(tuple(row), modified_at=latest(row[2], row[4]))


def session_calendar(slug: str, session_id: int) -> Version | None:
    row = db.session.execute(
        db.select(Event.status, Event.updated_at, EventSession.updated_at)
        .join(EventSession, EventSession.event_id == Event.id)
        .where(Event.slug == slug, EventSession.id == session_id)
    ).one_or_none()
    if row is None or row.status == "draft":
        return None
    return Version(tuple(row), modified_at=latest(row[1], row[2]))


def personal_feed(token: str) -> Version | None:
    row = db.session.execute(
        agenda_select(Registration.id, Registration.status, Registration.status_changed_at)
        .join(Registration, Registration.event_id == Event.id)
        .where(Registration.token == token, Registration.anonymised_at.is_(None))
        .group_by(Registration.id)
    ).one_or_none()
    if row is None:
        return None
    return Version(tuple(row), modified_at=latest(row[2], row[4], row.status_changed_at))


def organiser_feed(user: User) -> Version:
    """Every event the organiser manages (an admin: all), cancelled ones included: cancelling
    moves the event's updated_at while the feed drops it. A change of role changes which events
    these are without a timestamp: the ETag covers it, Last-Modified is not sent."""
    query = (db.select(func.count(func.distinct(Event.id)), func.max(Event.updated_at),
                       func.count(EventSession.id), func.max(EventSession.updated_at))
             .select_from(Event).outerjoin(EventSession, EventSession.event_id == Event.id))
    if user.role != "admin":
        query = query.where(Event.created_by_id == user.id)
    row = db.session.execute(query).one()
    return Version((user.id, user.role, *row), modified_at=latest(row[1], row[3]), dated=False)
