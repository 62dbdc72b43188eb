"""Registering and changing a registration's status. Never commits: the caller does, once.

`register_people` is the one way in for the public form, the delegation upload and the API:
eligibility and duplicates first, then the outcome decided under the event lock.
"""
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from lokakarya.agencies.models import Agency
from lokakarya.audit.services import record, snapshot
from lokakarya.core.writes import insert_now, update_now
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.registration.consent import CONSENT_VERSION
from lokakarya.registration.eligibility import Window, agency_problem
from lokakarya.registration.locking import lock_event
from lokakarya.registration.models import Registration, new_token
from lokakarya.registration.notify import message_for, notify
from lokakarya.registration.person import Person
from lokakarya.registration.problems import Problem
from lokakarya.registration.quotas import SEAT_HOLDING, outcome
from lokakarya.registration.seats import limits_for, seats_for
from lokakarya.registration.waitlist import promote_waitlisted
from lokakarya.timeutil import now_utc

AUDITED = ("status", "rejection_reason")
FIRST_MESSAGE = {"confirmed": "confirmed", "pending": "received", "waitlisted": "waitlisted"}


class Refused(Exception):
    """Nothing was saved; `problems` maps a field (or "row N") to what is wrong."""

    def __init__(self, problems: dict[str, Problem]):
        super().__init__(", ".join(f"{k}: {v.code}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    person: Person
    agency: Agency


# Built once: every registration starts here, and building the select cost more CPU than
# running it.
_EVENT_AND_AGENCY = (
    db.select(Event, Agency).outerjoin(Agency, Agency.id == bindparam("agency_id"))
    .where(Event.slug == bindparam("slug")).options(joinedload(Event.invited))
)


def event_and_agency(slug: str, agency_id: int | None) -> tuple[Event | None, Agency | None]:
    """The event with its invited provinces (who may register), and the agency (None if there
    is no such agency) in the same statement: one round trip less in every registration."""
    row = db.session.execute(_EVENT_AND_AGENCY, {"slug": slug, "agency_id": agency_id}).unique().one_or_none()
    return (row[0], row[1]) if row else (None, None)


def event_for_registration(slug: str) -> Event | None:
    """The event with its invited provinces, for a caller that learns the agency later."""
    return event_and_agency(slug, None)[0]


def window(event: Event) -> Window:
    return Window(event.status, event.registration_opens_at, event.registration_closes_at)


def registration_problem(event: Event, agency: Agency | None) -> Problem | None:
    """Why this agency cannot register for this event now (window, invitation), or None."""
    closed = window(event).problem(now_utc())
    if closed:
        return closed
    if agency is None:
        return Problem("agency_required")
    return agency_problem(agency.province_code, agency.kind,
                          {p.province_code for p in event.invited}, event.allow_central_agencies)


def duplicates(event_id: int, people: list[Person], exclude_id: int | None = None) -> dict[str, str]:
    """NIPs and e-mails of `people` already registered at the event → 'nip' / 'email'."""
    nips = [p.nip for p in people]
    emails = [p.email for p in people]
    query = db.select(Registration.nip, Registration.email).where(
        Registration.event_id == event_id,
        or_(Registration.nip.in_(nips), Registration.email.in_(emails)),
    )
    if exclude_id is not None:
        query = query.where(Registration.id != exclude_id)
    found: dict[str, str] = {}
    for nip, email in db.session.execute(query):
        if nip in nips:
            found[nip] = "nip"
        if email in emails:
            found[email] = "email"
    return found


def register_people(event: Event, entries: list[Entry], *, locale: str = "id",
                    registered_by_id: int | None = None,
                    consent_version: str = CONSENT_VERSION) -> list[Registration]:
    """Register everyone or no one. Raises Refused (keys 'nip'/'email' for one entry,
    'row N' for several) when a registration cannot be made."""
    problems = entry_problems(event, entries)
    if problems:
        raise Refused(problems)
    # The registrations are written waiting, before the seat lock, which is then held only to
    # count, decide, give the seats (one UPDATE: the event's seat counter, kept by a trigger,
    # changes only under the lock), write the first messages (one INSERT) and commit.
    now = now_utc()
    made = [
        Registration(
            event_id=event.id, agency_id=entry.agency.id, status="waitlisted", token=new_token(), locale=locale,
            consent_version=consent_version, consented_at=now, registered_by_id=registered_by_id,
            created_at=now, status_changed_at=now, **entry.person.as_dict(),
        )
        for entry in entries
    ]
    try:
        insert_now(made)
    except IntegrityError as error:
        # The NIP or e-mail is registered already (one person is checked by this INSERT alone).
        db.session.rollback()
        raise Refused({_duplicate_field(error): Problem("duplicate")}) from None
    lock_event(event.id)
    limits = limits_for(event)
    taken = seats_for(event.id, [(e.agency.id, e.agency.province_code) for e in entries], limits)
    seated = []
    for entry, registration in zip(entries, made, strict=True):
        status = outcome(limits, taken, entry.agency.id, entry.agency.province_code, event.requires_approval)
        if status != "waitlisted":
            seated.append((registration, status))
    if seated:
        update_now([r for r, _ in seated], [{"status": status} for _, status in seated])
    insert_now([message_for(registration, FIRST_MESSAGE[registration.status]) for registration in made])
    return made


def _duplicate_field(error: IntegrityError) -> str:
    """Which unique key of the event an INSERT broke, 'nip' or 'email': the first line of the
    message names it (the constraint on PostgreSQL, the columns on SQLite; later lines may
    quote the values)."""
    first_line = str(error.orig).splitlines()[0]
    return "nip" if re.search(r"[._]nip\b", first_line) else "email"


def entry_problems(event: Event, entries: list[Entry]) -> dict[str, Problem]:
    """Window, invitation and duplicates (at the event or within the list). One person's
    duplicate is left to the unique keys at the INSERT: one statement less per registration."""
    problems: dict[str, Problem] = {}
    for agency in {e.agency.id: e.agency for e in entries}.values():
        problem = registration_problem(event, agency)
        if problem:
            return {"agency_id": problem}
    if len(entries) == 1:
        return {}
    taken = duplicates(event.id, [e.person for e in entries])
    seen: set[str] = set()
    for line, entry in enumerate(entries, start=1):
        for value in (entry.person.nip, entry.person.email):
            field = "nip" if value == entry.person.nip else "email"
            if value in taken or value in seen:
                problems.setdefault(f"row {line}", Problem("duplicate" if value in taken else "duplicate_in_batch",
                                                           {"field": field}))
            seen.add(value)
    return problems


def update_person(registration: Registration, person: Person) -> None:
    """The registrant edits their own details (until registration closes)."""
    taken = duplicates(registration.event_id, [person], exclude_id=registration.id)
    if taken:
        raise Refused({field: Problem("duplicate") for field in set(taken.values())})
    for name, value in person.as_dict().items():
        setattr(registration, name, value)
    try:
        db.session.flush()
    except IntegrityError:  # the same NIP or e-mail was registered a moment ago
        db.session.rollback()
        raise Refused({"email": Problem("duplicate")}) from None


def _set_status(registration: Registration, status: str, reason: str | None = None) -> dict:
    before = snapshot(registration, AUDITED)
    registration.status = status
    registration.rejection_reason = reason
    registration.status_changed_at = now_utc()
    return before


def approve(registration: Registration) -> None:
    """Pending (or, as the organiser's decision, waitlisted) → confirmed."""
    if registration.status not in ("pending", "waitlisted"):
        raise Refused({"status": Problem("status_not_allowed", {"status": registration.status})})
    before = _set_status(registration, "confirmed")
    record("registration.approve", registration, before=before, after=snapshot(registration, AUDITED))
    db.session.flush()
    notify(registration, "confirmed")


def reject(registration: Registration, reason: str) -> list[Registration]:
    """Rejected with a reason that is e-mailed; a freed seat promotes the next in line."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": Problem("required")})
    if registration.status not in ("pending", "confirmed", "waitlisted"):
        raise Refused({"status": Problem("status_not_allowed", {"status": registration.status})})
    had_seat = registration.status in SEAT_HOLDING
    before = _set_status(registration, "rejected", reason[:500])
    record("registration.reject", registration, before=before, after=snapshot(registration, AUDITED))
    db.session.flush()
    notify(registration, "rejected", reason=reason, had_seat=had_seat)
    return promote_waitlisted(registration.event) if had_seat else []


def cancel(registration: Registration, by_organiser: bool = False) -> list[Registration]:
    """Cancelled by the registrant, their focal point or an organiser; frees the seat."""
    if registration.status not in ("pending", "confirmed", "waitlisted"):
        raise Refused({"status": Problem("status_not_allowed", {"status": registration.status})})
    had_seat = registration.status in SEAT_HOLDING
    before = _set_status(registration, "cancelled")
    if by_organiser:
        record("registration.cancel", registration, before=before, after=snapshot(registration, AUDITED))
    db.session.flush()
    notify(registration, "cancelled", had_seat=had_seat)
    return promote_waitlisted(registration.event) if had_seat else []


def resend_link(event: Event, email: str) -> None:
    """E-mail the personal link if the address is registered; silent otherwise."""
    registration = db.session.execute(
        db.select(Registration).where(Registration.event_id == event.id,
                                      Registration.email == (email or "").strip().lower())
    ).scalar_one_or_none()
    if registration is not None:
        notify(registration, "link")


def today_for(event: Event) -> date:
    """'Today' for NIP checks (birth and appointment not in the future)."""
    from lokakarya.timeutil import to_zone

    return to_zone(now_utc(), event.timezone).date()
