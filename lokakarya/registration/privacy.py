"""Personal-data rights (UU 27/2022): export everything held about a registrant, anonymise
one registration, purge events whose retention period has passed. Never commits."""
from datetime import datetime, timedelta
from importlib import import_module

from sqlalchemy import Text, cast, or_

from lokakarya.audit.services import record
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.mail.models import OutboxMessage
from lokakarya.registration.models import Registration, new_token
from lokakarya.registration.person import PERSON_FIELDS
from lokakarya.registration.quotas import SEAT_HOLDING
from lokakarya.timeutil import now_utc

# Features that may keep personal data per registration offer `privacy.forget(registration)`
# (and optionally `privacy.export(registration) -> dict`).
OTHER_FEATURES = ("attendance", "evaluation", "certificates", "reminders", "materials")


def _feature_modules():
    for feature in OTHER_FEATURES:
        try:
            yield feature, import_module(f"lokakarya.{feature}.privacy")
        except ModuleNotFoundError:
            continue


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _messages_of(registration: Registration):
    """Messages to the registrant's address, and those queued as a reference to this
    registration or written with its personal link (its token), which may name an address the
    registrant has since corrected."""
    return or_(OutboxMessage.recipient == registration.email,
               cast(OutboxMessage.draft, Text).contains(registration.token, autoescape=True))


def export_data(registration: Registration) -> dict:
    """Everything held about the registrant, as JSON-ready data; each other feature adds its
    own part under its name (attendance, evaluation, certificates, …)."""
    agency = registration.agency
    messages = db.session.execute(
        db.select(OutboxMessage).where(_messages_of(registration)).order_by(OutboxMessage.id)
    ).scalars().all()
    data = {
        "event": {"slug": registration.event.slug, "title": registration.event.title},
        "registration": {
            **{name: getattr(registration, name) for name in PERSON_FIELDS},
            "status": registration.status, "locale": registration.locale,
            "rejection_reason": registration.rejection_reason,
            "consent_version": registration.consent_version,
            "consented_at": _iso(registration.consented_at),
            "created_at": _iso(registration.created_at),
            "status_changed_at": _iso(registration.status_changed_at),
            "registered_by_focal_point": registration.registered_by_id is not None,
        },
        "agency": agency and {"id": agency.id, "name": agency.name, "kind": agency.kind,
                              "province_code": agency.province_code},
        "messages": [
            {"subject": m.subject, "kind": m.kind, "status": m.status,
             "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at)}
            for m in messages
        ],
    }
    for feature, module in _feature_modules():
        if hasattr(module, "export"):
            data[feature] = module.export(registration)
    return data


def anonymise(registration: Registration, reason: str = "request") -> None:
    """Personal fields emptied, the personal link killed; the row (agency, status, attendance
    minutes) stays so counts and statistics remain right. A held seat is freed."""
    from lokakarya.registration.waitlist import promote_waitlisted

    had_seat = registration.status in SEAT_HOLDING
    if registration.status in (*SEAT_HOLDING, "waitlisted"):
        registration.status = "cancelled"
        registration.status_changed_at = now_utc()
    if registration.email:
        db.session.execute(db.delete(OutboxMessage).where(_messages_of(registration)))
    for name in (*PERSON_FIELDS, "rejection_reason"):
        setattr(registration, name, None)
    registration.token = new_token()
    registration.anonymised_at = now_utc()
    for _feature, module in _feature_modules():
        module.forget(registration)
    record("registration.anonymise", registration, after={"reason": reason})
    db.session.flush()
    if had_seat and reason == "request":
        promote_waitlisted(registration.event)


def event_end(event: Event) -> datetime:
    ends = [s.ends_at for s in event.sessions]
    return max(ends) if ends else (event.registration_closes_at or event.created_at)


def purge_due(now: datetime | None = None) -> dict[str, int]:
    """Anonymise every registration of events whose retention period has passed:
    slug → number of registrations anonymised."""
    now = now or now_utc()
    events = db.session.execute(
        db.select(Event).where(
            Event.id.in_(db.select(Registration.event_id).where(Registration.anonymised_at.is_(None)))
        )
    ).scalars().all()
    done: dict[str, int] = {}
    for event in events:
        if event_end(event) + timedelta(days=event.retention_days) > now:
            continue
        registrations = db.session.execute(
            db.select(Registration).where(Registration.event_id == event.id,
                                          Registration.anonymised_at.is_(None))
        ).scalars().all()
        for registration in registrations:
            anonymise(registration, reason="retention")
        record("registration.purge", event, after={"anonymised": len(registrations)}, event_id=event.id,
               actor_label="flask privacy purge")
        done[event.slug] = len(registrations)
    db.session.flush()
    return done

