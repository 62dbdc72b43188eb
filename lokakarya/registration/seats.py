"""Reading the seats held and the limits of an event from the database (one statement each)."""
from collections.abc import Sequence

from sqlalchemy import bindparam, func, literal, null, or_, union_all

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


# What deciding a registration needs, whatever the event already holds: the seats in total, of
# the agencies registering and of their provinces. The first row is the total (kind 0): the
# event's seats_held, kept by triggers, since counting 20,000 registrations took 3.4 ms under the
# lock; then one row per agency of those agencies or provinces (kind 1). Counting every agency's
# seats instead grew with the registrations (1,700 agencies, 20,000 people:
# bench/registration_bench.py with BENCH_PREFILL).
_EVENT_ID = bindparam("event_id")
_SEATS_OF = union_all(
    db.select(literal(0).label("kind"), null().label("agency_id"), null().label("province_code"),
              Event.seats_held.label("seats")).where(Event.id == _EVENT_ID),
    db.select(literal(1), Registration.agency_id, Agency.province_code, func.count())
    .select_from(Registration).outerjoin(Agency, Agency.id == Registration.agency_id)
    .where(Registration.event_id == _EVENT_ID, Registration.status.in_(SEAT_HOLDING),
           or_(Registration.agency_id.in_(bindparam("agencies", expanding=True)),
               Agency.province_code.in_(bindparam("provinces", expanding=True))))
    .group_by(Registration.agency_id, Agency.province_code),
)


def seats_for(event_id: int, agencies: Sequence[tuple[int, str | None]], limits: Limits) -> Taken:
    """Seats held in total, by the `agencies` ((id, province code)) and by their provinces when a
    province quota applies, in one statement. Enough for `outcome` for those agencies (other
    agencies' counts are left out)."""
    provinces = sorted({code for _id, code in agencies if limits.province_limit(code) is not None})
    rows = db.session.connection().execute(_SEATS_OF, {
        "event_id": event_id, "agencies": sorted({i for i, _code in agencies}), "provinces": provinces}).all()
    taken = Taken()
    for kind, agency_id, province_code, seats in rows:
        if kind == 0:
            taken.total = seats
        else:
            taken.by_agency[agency_id] += seats
            if province_code is not None:
                taken.by_province[province_code] += seats
    return taken
