"""Sending reminders exactly once per (rule, session, registration).

The delivery row and the outbox message are written in one transaction, and the delivery
row's unique key is the claim: a second, overlapping run cannot insert it and so does not queue
its copy of the message; a run that crashes before committing leaves neither, so the next run
sends.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm import joinedload, selectinload

from lokakarya.agencies.models import Agency
from lokakarya.core.writes import insert_with_conflicts
from lokakarya.events.meetings import meeting_for
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.registration import links
from lokakarya.registration.models import Registration
from lokakarya.registration.zones import participant_timezone
from lokakarya.reminders.models import ReminderDelivery, ReminderRule
from lokakarya.reminders.services import ensure_settings, offset_of
from lokakarya.reminders.timing import MAX_DAYS_BEFORE, current
from lokakarya.timeutil import now_utc

HORIZON = timedelta(days=MAX_DAYS_BEFORE + 1)
RECIPIENT_STATUSES = ("confirmed", "pending", "waitlisted")
BATCH = 200  # messages per commit


@dataclass(frozen=True)
class Job:
    rule: ReminderRule
    session: EventSession
    registration: Registration


def reminder_draft(session: EventSession, registration: Registration) -> Draft:
    """The reminder e-mail, in the registrant's language and zone. Only confirmed registrants
    get the private join link, the passcode and the personal calendar links."""
    event = session.event
    confirmed = registration.status == "confirmed"
    meeting = meeting_for(session, event.meetings) if confirmed else None
    with force_locale(registration.locale or "id"):
        context = {
            "event": event, "session": session, "registration": registration,
            "viewer_tz": participant_timezone(registration), "confirmed": confirmed,
            "meeting": meeting,
            "join_link": links.join_url(registration, session) if confirmed else None,
            "feed_link": links.feed_url(registration) if confirmed else None,
            "webcal_link": links.webcal_url(registration) if confirmed else None,
            "personal_link": links.personal_url(registration),
            "event_link": links.event_url(event.slug),
        }
        text = render_template("reminders/mail/reminder.txt", **context)
        subject = _("Pengingat: %(title)s", title=session.title)
    return Draft(to=registration.email, subject=subject, text=text)


def deliver(rule: ReminderRule, session: EventSession, registration: Registration) -> int:
    """Claim and queue one reminder in the current transaction; 0 when it was already claimed."""
    return claim_and_queue([Job(rule, session, registration)], now_utc())


def _registrations(event_ids: set[int], statuses) -> list[Registration]:
    if not event_ids:
        return []
    return list(db.session.execute(
        db.select(Registration)
        .where(Registration.event_id.in_(event_ids), Registration.status.in_(statuses),
               Registration.anonymised_at.is_(None), Registration.email.is_not(None))
        .options(joinedload(Registration.agency).joinedload(Agency.province))
        .order_by(Registration.id)
    ).scalars())


def _sessions_for_reminders(now: datetime) -> list[EventSession]:
    return list(db.session.execute(
        db.select(EventSession).join(Event)
        .where(EventSession.status == "scheduled", Event.status == "published",
               EventSession.ends_at > now, EventSession.starts_at <= now + HORIZON)
        .options(selectinload(EventSession.meeting),
                 joinedload(EventSession.event).selectinload(Event.meetings))
        .order_by(EventSession.starts_at, EventSession.id)
    ).scalars())


def due_jobs(now: datetime) -> list[Job]:
    """Every reminder due at `now` and not delivered yet (a fixed number of statements)."""
    sessions = _sessions_for_reminders(now)
    settings = ensure_settings({s.event_id for s in sessions})
    enabled = {event_id for event_id, s in settings.items() if s.enabled}
    rules = list(db.session.execute(
        db.select(ReminderRule).where(ReminderRule.event_id.in_(enabled), ReminderRule.active,
                                      ReminderRule.kind != "manual")
    ).scalars()) if enabled else []
    due = [(rule, s) for s in sessions for rule in current(
        now, s.starts_at, s.ends_at, s.event.timezone,
        [(rule, offset_of(rule), frozenset(rule.statuses)) for rule in rules if rule.event_id == s.event_id])]
    if not due:
        return []
    done = set(db.session.execute(
        db.select(ReminderDelivery.rule_id, ReminderDelivery.session_id, ReminderDelivery.registration_id)
        .where(ReminderDelivery.rule_id.in_({rule.id for rule, _s in due}))
    ).tuples())
    by_event: dict[int, list[Registration]] = {}
    for reg in _registrations({s.event_id for _r, s in due}, RECIPIENT_STATUSES):
        by_event.setdefault(reg.event_id, []).append(reg)
    return [Job(rule, s, reg) for rule, s in due for reg in by_event.get(s.event_id, [])
            if reg.status in rule.statuses and (rule.id, s.id, reg.id) not in done]


def claim(jobs: list[Job], now: datetime) -> dict[tuple[int, int, int], int]:
    """Insert the delivery rows of `jobs`, skipping those another run holds: one INSERT … ON
    CONFLICT DO NOTHING RETURNING. Returns (rule, session, registration) → delivery id for the
    rows this transaction claimed. On PostgreSQL a conflicting row that another run has not
    committed yet makes this wait for that run, then skip the row if it committed."""
    statement = (
        insert_with_conflicts(ReminderDelivery)
        .values([{"rule_id": j.rule.id, "session_id": j.session.id, "registration_id": j.registration.id,
                  "sent_at": now} for j in jobs])
        .on_conflict_do_nothing(index_elements=["rule_id", "session_id", "registration_id"])
        .returning(ReminderDelivery.id, ReminderDelivery.rule_id, ReminderDelivery.session_id,
                   ReminderDelivery.registration_id)
    )
    return {(rule, session, reg): delivery for delivery, rule, session, reg in db.session.execute(statement)}


def claim_and_queue(jobs: list[Job], now: datetime) -> int:
    """Claim `jobs` and queue a message for each one this transaction claimed (jobs another run
    holds are skipped); returns how many were queued. The claims and the links to the messages
    are one statement each, the messages one flush (one multi-row INSERT on PostgreSQL; SQLite
    cannot return their ids in order, so it inserts them one by one)."""
    if not jobs:
        return 0
    claimed = claim(jobs, now)
    queued = [(claimed[key], queue(reminder_draft(job.session, job.registration), kind="reminder", flush=False))
              for job in jobs
              if (key := (job.rule.id, job.session.id, job.registration.id)) in claimed]
    if queued:
        db.session.flush()  # for the messages' ids
        db.session.execute(update(ReminderDelivery),
                           [{"id": delivery_id, "outbox_message_id": message.id} for delivery_id, message in queued])
    return len(queued)


def send_due(now: datetime | None = None, limit: int | None = None) -> int:
    """Send what is due; returns how many were sent.

    Each batch claims its delivery rows and queues its messages in one transaction, so a crash
    before the commit leaves neither. Every run walks the jobs in the same order, so two
    overlapping runs wait on each other's claims but never deadlock.
    """
    if not has_request_context():
        # Templates (and their context processors) expect a request, as under cron they have none.
        with current_app.test_request_context("/", base_url=current_app.config["BASE_URL"]):
            return send_due(now, limit)
    now = now or now_utc()
    session = db.session()
    # Loaded rows stay usable across the batch commits (no reload per message).
    keep, session.expire_on_commit = session.expire_on_commit, False
    sent = 0
    try:
        jobs = due_jobs(now)
        db.session.commit()  # the default rules, if any were created
        jobs = jobs[:limit] if limit is not None else jobs
        for start in range(0, len(jobs), BATCH):
            sent += claim_and_queue(jobs[start:start + BATCH], now_utc())
            db.session.commit()
    finally:
        session.expire_on_commit = keep
    return sent


def send_now(event: Event, session: EventSession, include_pending: bool,
             include_waitlisted: bool) -> int:
    """"Send now": a one-off rule for this session, delivered at once (the caller commits)."""
    rule = ReminderRule(event_id=event.id, kind="manual", include_pending=include_pending,
                        include_waitlisted=include_waitlisted, active=False)
    db.session.add(rule)
    db.session.flush()
    jobs = [Job(rule, session, registration) for registration in _registrations({event.id}, rule.statuses)]
    now = now_utc()
    return sum(claim_and_queue(jobs[start:start + BATCH], now) for start in range(0, len(jobs), BATCH))
