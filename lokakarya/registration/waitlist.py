"""Promotion from the waiting list (the registration feature implements the rules)."""
from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.registration.locking import lock_event
from lokakarya.registration.models import Registration
from lokakarya.registration.quotas import promotions, seat_status
from lokakarya.registration.seats import limits_for, seats_taken
from lokakarya.timeutil import now_utc


def promote_waitlisted(event: Event) -> list[Registration]:
    """Promote waitlisted registrations that now fit (capacity or a quota was raised, a seat
    was freed), in the caller's transaction; returns the promoted ones. Call it after any
    change to an event's capacity or quotas."""
    from lokakarya.registration.notify import notify

    lock_event(event.id)
    waiting = db.session.execute(
        db.select(Registration.id, Registration.agency_id, Agency.province_code)
        .outerjoin(Agency, Agency.id == Registration.agency_id)
        .where(Registration.event_id == event.id, Registration.status == "waitlisted")
        .order_by(Registration.created_at, Registration.id)
    ).all()
    if not waiting:
        return []
    chosen = promotions(limits_for(event), seats_taken(event.id), waiting)
    if not chosen:
        return []
    promoted = db.session.execute(
        db.select(Registration).where(Registration.id.in_(chosen))
        .order_by(Registration.created_at, Registration.id)
    ).scalars().all()
    now = now_utc()
    for registration in promoted:
        registration.status = seat_status(event.requires_approval)
        registration.status_changed_at = now
    db.session.flush()
    for registration in promoted:
        notify(registration, "promoted")
    return list(promoted)
