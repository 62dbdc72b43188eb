"""Promotion from the waiting list (the registration feature implements the rules)."""
from lokakarya.events.models import Event
from lokakarya.registration.models import Registration


def promote_waitlisted(event: Event) -> list[Registration]:
    """Promote waitlisted registrations that now fit (capacity or a quota was raised, a seat
    was freed), in the caller's transaction; returns the promoted ones. Call it after any
    change to an event's capacity or quotas."""
    return []
