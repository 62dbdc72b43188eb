"""Versions of the calendars (core/conditional), read in one statement before anything is built.

Each version's `modified_at` is also the calendar's DTSTAMP, so the body is the same for the
same version (a strong ETag) and DTSTAMP still moves forward with every change. What moves it:
see events/freshness; the personal feed also shows the registration's status (which moves
`status_changed_at`). None means "answer in full": unknown items (404) and drafts (organisers
only, never kept).

The statements are built once with bound parameters and run on the session's connection (no
objects loaded): building and the ORM's handling cost more CPU than running them, and every
subscribed calendar polls (registration/seats does the same).
"""
from sqlalchemy import bindparam

from lokakarya.auth.models import User
from lokakarya.core.conditional import Version, latest
from lokakarya.events.freshness import agenda_select, events_select
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.registration.models import Registration

_PUBLIC = agenda_select().where(Event.slug == bindparam("slug"))
_SESSION = (
    db.select(Event.status, Event.updated_at, EventSession.updated_at.label("session_changed_at"))
    .join(EventSession, EventSession.event_id == Event.id)
    .where(Event.slug == bindparam("slug"), EventSession.id == bindparam("session_id"))
)
_PERSONAL = (
    agenda_select(Registration.id, Registration.status.label("registration_status"),
                  Registration.status_changed_at)
    .join(Registration, Registration.event_id == Event.id)
    .where(Registration.token == bindparam("token"), Registration.anonymised_at.is_(None))
    .group_by(Registration.id)
)
# Every event of one organiser (an admin: of everyone), cancelled ones included.
_EVENTS = events_select()
_ORGANISER = _EVENTS.where(Event.created_by_id == bindparam("user_id"))


def _row(statement, **values):
    return db.session.connection().execute(statement, values).one_or_none()


def public_calendar(slug: str) -> Version | None:
    row = _row(_PUBLIC, slug=slug)
    if row is None or row.status == "draft":
        return None
    return Version(tuple(row), modified_at=latest(row.updated_at, row.sessions_changed_at))


def session_calendar(slug: str, session_id: int) -> Version | None:
    row = _row(_SESSION, slug=slug, session_id=session_id)
    if row is None or row.status == "draft":
        return None
    return Version(tuple(row), modified_at=latest(row.updated_at, row.session_changed_at))


def personal_feed(token: str) -> Version | None:
    row = _row(_PERSONAL, token=token)
    if row is None:
        return None
    return Version(tuple(row), modified_at=latest(row.updated_at, row.sessions_changed_at, row.status_changed_at))


def organiser_feed(user: User) -> Version:
    """Cancelled events count too: cancelling moves the event's updated_at while the feed
    drops it. A change of role changes which events these are without a timestamp: the ETag
    covers it, Last-Modified is not sent."""
    row = _row(_EVENTS) if user.role == "admin" else _row(_ORGANISER, user_id=user.id)
    return Version((user.id, user.role, *row), modified_at=latest(row.updated_at, row.sessions_changed_at),
                   dated=False)
