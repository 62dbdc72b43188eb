"""Reading the seats held and the limits of an event from the database (one statement each)."""
from collections.abc import Sequence

from sqlalchemy import func

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.registration.quotas import SEAT_HOLDING, Limits, Taken


def limits_for(event: Event) -> Limits:
    return Limits(
        capacity=event.capacity, per_agency=event.quota_per_agency,
        per_province=event.quota_per_province,
        province_overrides={p.province_code: p.quota for p in event.invited},
    )


def seats_taken(event_id: int, excluding: Sequence[int] = ()) -> Taken:
    """Seats held, not counting the registrations `excluding` (those being decided).

    Counted per agency first and only then joined to the agencies for their province: this
    runs under the seat lock in every registration, and joining every registration first
    took three times as long."""
    held = (
        db.select(Registration.agency_id, func.count().label("seats"))
        .where(Registration.event_id == event_id, Registration.status.in_(SEAT_HOLDING))
        .group_by(Registration.agency_id)
    )
    if excluding:
        held = held.where(Registration.id.notin_(excluding))
    held = held.subquery()
    rows = db.session.execute(
        db.select(held.c.agency_id, Agency.province_code, held.c.seats)
        .outerjoin(Agency, Agency.id == held.c.agency_id)
    ).all()
    return Taken.from_rows(rows)
