"""What an event's answers depend on, for conditional GETs (core/conditional).

What moves it: an event's own columns move `Event.updated_at`, and so do its meetings (events/
services touches it, they have no timestamp of their own); sessions are never deleted, each
edit, move or cancellation moves its `updated_at`, and a new one the count.
"""
from sqlalchemy import func

from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db


def agenda_select(*columns):
    """An event's own version and its sessions' (count, latest change), grouped per event."""
    return (
        db.select(Event.id, Event.status, Event.updated_at, func.count(EventSession.id),
                  func.max(EventSession.updated_at), *columns)
        .outerjoin(EventSession, EventSession.event_id == Event.id)
        .group_by(Event.id)
    )
