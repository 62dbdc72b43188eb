"""`flask vc sync`: one pass of queued provider work — creations, updates, cancellations — and of
registrant changes, safe on several machines at once.

Rows are claimed like the mail outbox's (mail/delivery.py): one UPDATE whose rows are chosen with
FOR UPDATE SKIP LOCKED on PostgreSQL, pushing them a lease into the future and counting the
attempt, committed before the provider is called; each outcome is committed on its own right
after the call, so an external id is kept as soon as it is known. A pass that dies mid-call leaves
its row claimed until the lease ends; the next attempt of a creation first looks the meeting up
by our key (zoom.find), so a lost answer never makes a second meeting.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from lokakarya.agencies.models import Agency
from lokakarya.core.claims import claim_due
from lokakarya.core.writes import insert_with_conflicts
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc
from lokakarya.vc import failures, providers
from lokakarya.vc.models import VcRegistrant, VcTask
from lokakarya.vc.provider import ProviderError, Registrant
from lokakarya.vc.schedule import plan_pull, spec_for, view_of

log = logging.getLogger("lokakarya.vc")

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=10)
WAIT_FOR_CREATION = timedelta(seconds=30)
CLAIM_BATCH = 20


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most six hours."""
    return timedelta(minutes=min(2 ** (max(attempts, 1) - 1), 360))


def sync_pass(now: datetime | None = None, limit: int = 200, config: Mapping | None = None) -> dict[str, int]:
    config = config if config is not None else current_app.config
    counts = {"done": 0, "retry": 0, "failed": 0, "waiting": 0, "registered": 0, "unregistered": 0,
              "watched": 0}
    blocked: dict[str, datetime] = {}  # provider → not before (a 429's Retry-After)
    for outcome in _drain(_claim_tasks, _run_task, now, limit, config, blocked):
        counts[outcome] += 1
    _reconcile_registrants(now or now_utc())
    for outcome in _drain(_claim_registrants, _run_registrant, now, limit, config, blocked):
        counts[outcome] += 1
    counts["watched"] = _watch(config, now or now_utc())
    return counts


def _drain(claim, run, now: datetime | None, limit: int, config: Mapping, blocked: dict):
    """Claim due rows a batch at a time and run each (up to `limit`); the outcome of each. The
    clock is read again for every batch and row unless `now` is given."""
    done = 0
    while done < limit:
        batch = claim(now or now_utc(), min(CLAIM_BATCH, limit - done))
        if not batch:
            return
        for row_id in batch:
            yield run(row_id, config, now or now_utc(), blocked)
            done += 1


# --- claiming ------------------------------------------------------------------------------

def _claim(model, due, now: datetime, size: int) -> list[int]:
    claimed = claim_due(model, due, {"attempts": model.attempts + 1, "next_attempt_at": now + LEASE}, size)
    db.session.commit()
    return claimed


def _claim_tasks(now: datetime, size: int) -> list[int]:
    return _claim(VcTask, (VcTask.status == "queued", VcTask.next_attempt_at <= now), now, size)


def _claim_registrants(now: datetime, size: int) -> list[int]:
    return _claim(VcRegistrant, (VcRegistrant.state.in_(("pending", "cancelling")),
                                 VcRegistrant.next_attempt_at <= now), now, size)


def _give_back(row, at: datetime) -> None:
    """Not tried (waiting for its creation, or the provider asked us to wait): the attempt is
    not counted."""
    row.attempts -= 1
    row.next_attempt_at = at


# --- meetings --------------------------------------------------------------------------------

def _meeting(meeting_id: int | None) -> Meeting | None:
    if meeting_id is None:
        return None
    return db.session.execute(
        db.select(Meeting).where(Meeting.id == meeting_id).options(
            selectinload(Meeting.event).selectinload(Event.sessions).selectinload(EventSession.meeting),
            selectinload(Meeting.event).selectinload(Event.meetings))
        .execution_options(populate_existing=True)).scalar_one_or_none()


def _run_task(task_id: int, config: Mapping, now: datetime, blocked: dict) -> str:
    task = db.session.get(VcTask, task_id, populate_existing=True)
    if task is None or task.status != "queued":
        db.session.commit()
        return "done"
    meeting = _meeting(task.meeting_id)
    module = providers.get(task.provider)
    if blocked.get(task.provider) and blocked[task.provider] > now:
        _give_back(task, blocked[task.provider])
        db.session.commit()
        return "waiting"
    try:
        outcome = _perform(task, meeting, module, config, now)
    except ProviderError as exc:
        outcome = _task_failed(task, meeting, exc, now, blocked)
    except Exception:  # a bug or an unexpected answer: kept, retried, visible
        log.exception("vc: task %s failed", task.id)
        outcome = _task_failed(task, meeting, ProviderError("unexpected", provider=task.provider), now, blocked)
    db.session.commit()
    return outcome


def _finish(task: VcTask, now: datetime) -> str:
    task.status, task.done_at, task.last_error = "done", now, ""
    return "done"


def _perform(task: VcTask, meeting: Meeting | None, module, config: Mapping, now: datetime) -> str:
    if module is None or not module.configured(config):
        raise ProviderError("not_configured", provider=task.provider, permanent=True)
    if task.kind == "cancel":
        external_id = task.external_id or (meeting.external_id if meeting is not None else "")
        if not external_id:
            if meeting is not None and _creation_open(meeting.id, task.id):
                _give_back(task, now + WAIT_FOR_CREATION)
                return "waiting"
            return _finish(task, now)  # never created: nothing to cancel
        module.cancel(config, external_id)
        return _finish(task, now)
    if meeting is None or not meeting.managed or meeting.provider != task.provider \
            or meeting.state == "cancelled":
        return _finish(task, now)  # removed or replaced since it was queued
    event = meeting.event
    spec = spec_for(meeting, event, config.get("ZOOM_HOST_EMAIL", "") if task.provider == "zoom" else "")
    if spec is None:
        raise ProviderError("no_session", provider=task.provider, permanent=True)
    if task.kind == "create":
        if meeting.external_id:
            return _finish(task, now)
        made = None
        if task.attempts > 1 and hasattr(module, "find"):
            made = module.find(config, spec)  # an earlier attempt's answer may have been lost
        if made is None:
            made = module.create(config, spec)
        meeting.external_id, meeting.join_url = made.external_id, made.join_url
        meeting.passcode = made.passcode
        meeting.meeting_code = made.external_id if task.provider == "zoom" else ""
        meeting.host_secrets = json.dumps(made.host_secrets)
        meeting.provider_data = json.dumps(made.extra)
    else:  # update
        if not meeting.external_id:
            if _creation_open(meeting.id, task.id):
                _give_back(task, now + WAIT_FOR_CREATION)
                return "waiting"
            return _finish(task, now)
        module.update(config, meeting.external_id, spec)
    if not _update_open(meeting.id, task.id):
        meeting.state = "created"
    meeting.last_error, meeting.synced_at = "", now
    if getattr(module, "ATTENDANCE", False):
        plan_pull(meeting, event)
    return _finish(task, now)


def _creation_open(meeting_id: int, task_id: int) -> bool:
    return db.session.execute(db.select(exists().where(
        VcTask.meeting_id == meeting_id, VcTask.kind == "create", VcTask.status == "queued",
        VcTask.id != task_id))).scalar()


def _update_open(meeting_id: int, task_id: int) -> bool:
    return db.session.execute(db.select(exists().where(
        VcTask.meeting_id == meeting_id, VcTask.kind == "update", VcTask.status == "queued",
        VcTask.id != task_id))).scalar()


def _task_failed(task: VcTask, meeting: Meeting | None, exc: ProviderError, now: datetime,
                 blocked: dict) -> str:
    task.last_error = failures.dump(exc)
    if meeting is not None and task.kind != "cancel":
        meeting.last_error = task.last_error
    if exc.retry_after:
        blocked[task.provider] = now + timedelta(seconds=exc.retry_after)
    if exc.permanent or task.attempts >= MAX_ATTEMPTS:
        task.status, task.done_at = "failed", now
        if meeting is not None and task.kind != "cancel":
            meeting.state = "failed"
        log.warning("vc: %s %s failed: %s", task.provider, task.kind, exc.message)
        return "failed"
    wait = backoff(task.attempts)
    if exc.retry_after:
        wait = max(wait, timedelta(seconds=exc.retry_after))
    task.next_attempt_at = now + wait
    return "retry"


def retry_meeting(meeting: Meeting) -> bool:
    """The organiser's retry: failed tasks of this meeting queued again (attempts from zero)."""
    tasks = db.session.execute(db.select(VcTask).where(
        VcTask.meeting_id == meeting.id, VcTask.status == "failed")).scalars().all()
    for task in tasks:
        task.status, task.attempts, task.next_attempt_at, task.done_at = "queued", 0, now_utc(), None
    if meeting.state == "failed":
        meeting.state = "updating" if meeting.external_id else "pending"
        if not tasks:
            db.session.add(VcTask(meeting_id=meeting.id, provider=meeting.provider,
                                  kind="update" if meeting.external_id else "create"))
    failed_people = db.session.execute(db.select(VcRegistrant).where(
        VcRegistrant.meeting_id == meeting.id, VcRegistrant.state == "failed")).scalars().all()
    for row in failed_people:
        row.state, row.attempts, row.next_attempt_at = "pending", 0, now_utc()
    db.session.flush()
    return bool(tasks or failed_people)


# --- registrants -----------------------------------------------------------------------------

def _registering() -> list[str]:
    return [name for name, m in providers.all_providers().items() if getattr(m, "REGISTRATION", False)]


def _reconcile_registrants(now: datetime) -> None:
    """Three statements whatever the numbers: confirmed registrations of events with a created
    registering meeting get a row to register; rows of registrations no longer confirmed are
    cancelled (at the provider when they were registered); confirmed again → registered again."""
    names = _registering()
    if not names:
        return
    # Meetings still to be held (their attendance not pulled yet).
    live = (Meeting.managed.is_(True), Meeting.provider.in_(names),
            Meeting.state.in_(("created", "updating")), Meeting.pull_state != "done")
    table = VcRegistrant.__table__
    source = (select(Meeting.id, Registration.id, db.literal("pending"), db.literal(""),
                     db.literal(""), db.literal(0), db.literal(now), db.literal(""), db.literal(now))
              .join(Registration, Registration.event_id == Meeting.event_id)
              .where(*live, Registration.status == "confirmed",
                     ~exists().where(VcRegistrant.meeting_id == Meeting.id,
                                     VcRegistrant.registration_id == Registration.id)))
    columns = ["meeting_id", "registration_id", "state", "provider_registrant_id", "join_url",
               "attempts", "next_attempt_at", "last_error", "updated_at"]
    db.session.execute(insert_with_conflicts(table).from_select(columns, source).on_conflict_do_nothing())
    not_confirmed = select(Registration.id).where(Registration.status != "confirmed")
    db.session.execute(
        db.update(VcRegistrant).where(VcRegistrant.state.in_(("pending", "failed")),
                                      VcRegistrant.provider_registrant_id == "",
                                      VcRegistrant.registration_id.in_(not_confirmed))
        .values(state="cancelled", updated_at=now).execution_options(synchronize_session=False))
    db.session.execute(
        db.update(VcRegistrant).where(VcRegistrant.state.in_(("registered", "pending", "failed")),
                                      VcRegistrant.registration_id.in_(not_confirmed))
        .values(state="cancelling", attempts=0, next_attempt_at=now, updated_at=now)
        .execution_options(synchronize_session=False))
    confirmed = select(Registration.id).where(Registration.status == "confirmed")
    db.session.execute(
        db.update(VcRegistrant).where(VcRegistrant.state.in_(("cancelled", "cancelling")),
                                      VcRegistrant.registration_id.in_(confirmed),
                                      VcRegistrant.meeting_id.in_(select(Meeting.id).where(*live)))
        .values(state="pending", attempts=0, next_attempt_at=now, updated_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()


def _run_registrant(row_id: int, config: Mapping, now: datetime, blocked: dict) -> str:
    row = db.session.get(VcRegistrant, row_id, populate_existing=True)
    if row is None or row.state not in ("pending", "cancelling"):
        db.session.commit()
        return "done"
    meeting = db.session.get(Meeting, row.meeting_id, populate_existing=True)
    module = providers.get(meeting.provider) if meeting is not None else None
    if meeting is None or module is None or not meeting.managed or meeting.state == "cancelled":
        row.state = "cancelled"
        db.session.commit()
        return "done"
    if blocked.get(meeting.provider) and blocked[meeting.provider] > now:
        _give_back(row, blocked[meeting.provider])
        db.session.commit()
        return "waiting"
    registration = db.session.get(Registration, row.registration_id)
    try:
        if not module.configured(config):
            raise ProviderError("not_configured", provider=meeting.provider, permanent=True)
        if row.state == "pending":
            agency = db.session.get(Agency, registration.agency_id) if registration.agency_id else None
            person = Registrant(key=str(registration.id), name=registration.name or "",
                                email=registration.email or "", agency=agency.name if agency else "")
            made = module.register(config, meeting.external_id, person)
            if made is not None:
                row.provider_registrant_id, row.join_url = made.provider_registrant_id, made.join_url
            row.state, outcome = "registered", "registered"
        else:
            if row.provider_registrant_id:
                module.unregister(config, meeting.external_id, str(row.registration_id),
                                  row.provider_registrant_id, registration.email or "")
            row.state, row.join_url, outcome = "cancelled", "", "unregistered"
        row.last_error = ""
    except ProviderError as exc:
        row.last_error = failures.dump(exc)
        if exc.retry_after:
            blocked[meeting.provider] = now + timedelta(seconds=exc.retry_after)
        if exc.permanent or row.attempts >= MAX_ATTEMPTS:
            if row.state == "pending":
                row.state = "failed"
            else:
                row.state = "cancelled"  # the registration stays cancelled here; told in last_error
            outcome = "failed"
        else:
            wait = backoff(row.attempts)
            if exc.retry_after:
                wait = max(wait, timedelta(seconds=exc.retry_after))
            row.next_attempt_at = now + wait
            outcome = "retry"
    db.session.commit()
    return outcome


# --- watching (providers whose meetings must be looked at while they run: BBB) -----------------

def _watch(config: Mapping, now: datetime) -> int:
    names = [n for n, m in providers.all_providers().items()
             if hasattr(m, "watch") and hasattr(m, "watching") and m.configured(config)]
    if not names:
        return 0
    # Meetings around now only (a day either side); the module decides precisely.
    candidates = db.session.execute(
        db.select(Meeting).where(Meeting.managed.is_(True), Meeting.provider.in_(names),
                                 Meeting.state.in_(("created", "updating")),
                                 Meeting.pull_state.in_(("", "waiting")))
        .options(selectinload(Meeting.event).selectinload(Event.sessions).selectinload(EventSession.meeting),
                 selectinload(Meeting.event).selectinload(Event.meetings))).scalars().all()
    watched = 0
    for meeting in candidates:
        module = providers.get(meeting.provider)
        view = view_of(meeting, meeting.event)
        if view.starts_at is None or abs((view.starts_at - now).total_seconds()) > 2 * 86400:
            continue
        if not module.watching(view, now):
            continue
        try:
            data = module.watch(config, view, now)
        except ProviderError as exc:
            meeting.last_error = failures.dump(exc)
        else:
            meeting.provider_data = json.dumps(data)
            if meeting.state == "created":  # no update queued: the message was the watch's own
                meeting.last_error = ""
            watched += 1
        db.session.commit()
    return watched
