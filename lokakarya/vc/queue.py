"""Queueing provider work when the agenda changes (called by events/services in the organiser's
transaction; nothing here calls a provider). Adds and flushes; the caller commits."""
from __future__ import annotations

from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from lokakarya.vc import providers
from lokakarya.vc.models import VcRegistrant, VcTask
from lokakarya.vc.schedule import plan_pull


def _open(meeting_id: int, kind: str) -> VcTask | None:
    return db.session.execute(
        db.select(VcTask).where(VcTask.meeting_id == meeting_id, VcTask.kind == kind,
                                VcTask.status == "queued")).scalars().first()


def _add(meeting: Meeting, kind: str, external_id: str = "") -> None:
    if kind != "cancel" and _open(meeting.id, kind) is not None:
        return  # one queued update is enough: it reads the agenda when it runs
    db.session.add(VcTask(meeting_id=meeting.id, provider=meeting.provider, kind=kind,
                          external_id=external_id, next_attempt_at=now_utc()))


def _pulls(meeting: Meeting) -> bool:
    module = providers.get(meeting.provider)
    return bool(module is not None and getattr(module, "ATTENDANCE", False))


def requested(meeting: Meeting, provider: str, host_email: str = "") -> None:
    """The organiser chose "create the meeting at <provider>" (the meeting is flushed)."""
    if meeting.managed and meeting.provider == provider and meeting.state not in ("failed", "cancelled"):
        if host_email and host_email != meeting.host_email:
            meeting.host_email = host_email
            changed(meeting)
        return  # already created (or being created) there
    if meeting.managed and meeting.external_id:
        dropped(meeting)
    meeting.managed, meeting.provider, meeting.state = True, provider, "pending"
    meeting.external_id, meeting.join_url, meeting.meeting_code, meeting.passcode = "", "", "", ""
    meeting.host_email, meeting.last_error = host_email, ""
    meeting.provider_data, meeting.host_secrets = "{}", "{}"
    meeting.pull_state, meeting.pull_attempts, meeting.pull_error = "", 0, ""
    # People registered in the meeting it replaces are registered again in the new one.
    db.session.execute(db.delete(VcRegistrant).where(VcRegistrant.meeting_id == meeting.id))
    db.session.flush()
    for task in db.session.execute(db.select(VcTask).where(
            VcTask.meeting_id == meeting.id, VcTask.status == "queued",
            VcTask.kind.in_(("create", "update")))).scalars():
        task.status, task.done_at = "done", now_utc()  # superseded by the new creation
    _add(meeting, "create")
    if _pulls(meeting):
        plan_pull(meeting, meeting.event)
    db.session.flush()


def dropped(meeting: Meeting) -> None:
    """A created meeting is replaced by a pasted link, removed, or its session cancelled:
    cancel it at the provider (the task keeps the external id when the row goes)."""
    if not meeting.managed:
        return
    for task in db.session.execute(db.select(VcTask).where(
            VcTask.meeting_id == meeting.id, VcTask.status == "queued",
            VcTask.kind.in_(("create", "update")))).scalars():
        task.status, task.done_at = "done", now_utc()
    if meeting.external_id or meeting.state in ("pending", "updating"):
        _add(meeting, "cancel", meeting.external_id)
    meeting.state = "cancelled"
    meeting.pull_state, meeting.pull_next_at = ("" if meeting.pull_state != "done" else "done"), None
    db.session.flush()


def changed(meeting: Meeting) -> None:
    """The meeting's title, times or host changed: update it at the provider."""
    if not meeting.managed or meeting.state == "cancelled":
        return
    if meeting.state in ("created", "updating", "failed") and meeting.external_id:
        meeting.state = "updating"
        _add(meeting, "update")
    elif meeting.state == "pending":
        _add(meeting, "update")  # waits for the creation (which may be under way with the old agenda)
    if _pulls(meeting):
        plan_pull(meeting, meeting.event)
    db.session.flush()


def schedule_changed(event: Event, sessions: list[EventSession]) -> None:
    """Sessions moved, renamed or cancelled: their own created meetings, and the event-wide one
    (whose span follows the agenda)."""
    for session in sessions:
        meeting = session.meeting
        if meeting is None or not meeting.managed:
            continue
        if session.cancelled:
            dropped(meeting)
        else:
            changed(meeting)
    if sessions:
        wide_changed(event)


def wide_changed(event: Event) -> None:
    """The agenda the event-wide created meeting spans changed."""
    wide = next((m for m in event.meetings if m.session_id is None and m.managed), None)
    if wide is None:
        return
    if event.status == "cancelled":
        dropped(wide)
    else:
        changed(wide)


def event_changed(event: Event) -> None:
    """The event's title or zone changed: every created meeting of it is updated."""
    for meeting in event.meetings:
        if meeting.managed:
            changed(meeting)
