"""What an event's answers depend on, for conditional GETs (core/conditional): the public
pages' versions here (one statement each), the calendars' in ical/freshness.

What moves them: an event's own columns move `Event.updated_at`, and so do its meetings and
invited provinces (events/services touches it, they have no timestamp of their own); sessions
are never deleted, each edit, move or cancellation moves its `updated_at`, and a new one the
count. The event page also shows public materials (only ever added or deleted: their count and
highest id change), the seats left (the count of seats held) and whether registration is open
(which turns with the clock: computed here from the window). Pages have no Last-Modified: a
deleted material or a freed seat leaves no timestamp behind.
"""
from sqlalchemy import bindparam, case, func

from lokakarya.core.conditional import Version
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.materials.models import Material
from lokakarya.registration.eligibility import Window
from lokakarya.registration.models import Registration
from lokakarya.registration.quotas import SEAT_HOLDING
from lokakarya.timeutil import now_utc


def agenda_select(*columns):
    """An event's own version and its sessions' (count, latest change), grouped per event."""
    return (
        db.select(Event.id, Event.status, Event.updated_at, func.count(EventSession.id).label("sessions"),
                  func.max(EventSession.updated_at).label("sessions_changed_at"), *columns)
        .outerjoin(EventSession, EventSession.event_id == Event.id)
        .group_by(Event.id)
    )


def events_select():
    """Several events at once: how many, their latest change, their sessions' (count, latest)."""
    return (
        db.select(func.count(func.distinct(Event.id)).label("events"),
                  func.max(Event.updated_at).label("updated_at"),
                  func.count(EventSession.id).label("sessions"),
                  func.max(EventSession.updated_at).label("sessions_changed_at"))
        .select_from(Event).outerjoin(EventSession, EventSession.event_id == Event.id)
    )


_PUBLIC_MATERIAL = (Material.event_id == Event.id) & (Material.visibility == "public")
# count(*): the (event_id, status) index alone answers it on PostgreSQL (an index-only scan).
_SEATS_HELD = (db.select(func.count()).select_from(Registration)
               .where(Registration.event_id == Event.id, Registration.status.in_(SEAT_HOLDING))
               .scalar_subquery())
# Built once with a bound parameter and run on the connection (see ical/freshness).
_EVENT_PAGE = agenda_select(
    db.select(func.count(Material.id)).where(_PUBLIC_MATERIAL).scalar_subquery(),
    db.select(func.max(Material.id)).where(_PUBLIC_MATERIAL).scalar_subquery(),
    # Seats left are shown only when the event has a capacity: counted only then.
    case((Event.capacity.is_(None), None), else_=_SEATS_HELD),
    Event.registration_opens_at, Event.registration_closes_at,
).where(Event.slug == bindparam("slug"))
_INDEX_PAGE = events_select().where(Event.status != "draft")


def event_page(slug: str) -> Version | None:
    """The event page as an anonymous visitor sees it."""
    row = db.session.connection().execute(_EVENT_PAGE, {"slug": slug}).one_or_none()
    if row is None or row.status == "draft":
        return None
    is_open = Window(row.status, row.registration_opens_at, row.registration_closes_at).is_open(now_utc())
    return Version((*row, is_open), dated=False)


def index_page() -> Version:
    """The list of events anyone sees: every event but drafts, with its sessions' period."""
    return Version(tuple(db.session.connection().execute(_INDEX_PAGE).one()), dated=False)
