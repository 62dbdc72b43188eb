"""Reading the seats held and the limits of an event from the database (one statement each)."""
from collections.abc import Sequence

from sqlalchemy import bindparam, func

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


# Built once, with bound parameters: this runs under the seat lock in every registration, and
# building the select took three times the CPU of running it (bench/registration_bench.py).
# Counted per agency first and only then joined to the agencies for their province: joining
# every registration first took three times as long.
_HELD = (
    db.select(Registration.agency_id, func.count().label("seats"))
    .where(Registration.event_id == bindparam("event_id"),
           Registration.status.in_(SEAT_HOLDING),
           Registration.id.notin_(bindparam("excluding", expanding=True)))
    .group_by(Registration.agency_id)
    .subquery()
)
_SEATS_HELD = db.select(_HELD.c.agency_id, Agency.province_code, _HELD.c.seats).outerjoin(
    Agency, Agency.id == _HELD.c.agency_id)


def seats_taken(event_id: int, excluding: Sequence[int] = ()) -> Taken:
    """Seats held, not counting the registrations `excluding` (those being decided)."""
    # On the session's connection: no objects are loaded, and the ORM's handling cost more CPU
    # than the count.
    rows = db.session.connection().execute(_SEATS_HELD, {"event_id": event_id, "excluding": list(excluding)}).all()
    return Taken.from_rows(rows)
