"""`flask attendance pull`: one pass over created meetings whose sessions have ended and whose
attendance is not final yet. Each report goes through the uploaded reports' code
(attendance/importing: plan_import, apply_import) with the provider as its source.

Who is who: exact where the provider says (Zoom's registrant id of the person we registered, BBB's
userID = our registration id); otherwise the e-mail / name matching of uploads, with the
organiser's earlier decisions. When people are left to review, the report is also kept as a
pending import (its CSV in Zoom's layout) for the review screen; applying it may touch only the
meeting's own sessions. Once pulled, a session's attendance is final: an uploaded report for it
changes nothing there (importing.pulled_session_ids).

Not ready yet (Zoom: minutes after the end; 404) → again later with backoff, up to a day after
the end, then `failed` with the provider's message (the organiser can retry or upload).
"""
from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.orm import selectinload

from lokakarya.attendance.importing import apply_import, people_of, plan_import
from lokakarya.attendance.models import Attendance, AttendanceImport
from lokakarya.attendance.presence import refresh
from lokakarya.attendance.report import ParsedReport, ReportRow
from lokakarya.audit.services import record
from lokakarya.core.claims import claim_due
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc, to_zone
from lokakarya.vc import failures, providers
from lokakarya.vc.models import VcRegistrant
from lokakarya.vc.provider import ProviderError, PulledAttendee, ReportNotReady
from lokakarya.vc.schedule import covered_sessions, view_of, window

log = logging.getLogger("lokakarya.vc")

LEASE = timedelta(minutes=10)
GIVE_UP_AFTER = timedelta(hours=24)  # after the end: the report will not come any more
FORMAT_OF = {"zoom": "zoom_api", "bbb": "bbb_api"}


def pull_wait(attempts: int) -> timedelta:
    """5, 10, 20 … minutes between tries, at most two hours."""
    return timedelta(minutes=min(5 * 2 ** (max(attempts, 1) - 1), 120))


def _claim(now: datetime, size: int) -> list[int]:
    due = (Meeting.managed.is_(True), Meeting.pull_state == "waiting", Meeting.pull_next_at <= now,
           Meeting.state.in_(("created", "updating")))
    claimed = claim_due(Meeting, due, {"pull_attempts": Meeting.pull_attempts + 1,
                                       "pull_next_at": now + LEASE}, size, order_by=(Meeting.pull_next_at,))
    db.session.commit()
    return claimed


def pull_pass(now: datetime | None = None, limit: int = 50, config: Mapping | None = None) -> dict[str, int]:
    config = config if config is not None else current_app.config
    now = now or now_utc()
    counts = {"pulled": 0, "not_ready": 0, "failed": 0, "rows": 0}
    done = 0
    while done < limit:
        batch = _claim(now, min(10, limit - done))
        if not batch:
            break
        for meeting_id in batch:
            outcome, rows = _pull_one(meeting_id, config, now)
            counts[outcome] += 1
            counts["rows"] += rows
            done += 1
    return counts


def _load(meeting_id: int) -> Meeting | None:
    return db.session.execute(
        db.select(Meeting).where(Meeting.id == meeting_id).options(
            selectinload(Meeting.event).selectinload(Event.sessions).selectinload(EventSession.meeting),
            selectinload(Meeting.event).selectinload(Event.meetings))
        .execution_options(populate_existing=True)).scalar_one_or_none()


def _pull_one(meeting_id: int, config: Mapping, now: datetime) -> tuple[str, int]:
    meeting = _load(meeting_id)
    module = providers.get(meeting.provider) if meeting is not None else None
    event = meeting.event if meeting is not None else None
    span = window(meeting, event) if meeting is not None else None
    if meeting is None or module is None or not getattr(module, "ATTENDANCE", False) or span is None:
        if meeting is not None:
            meeting.pull_state, meeting.pull_next_at = "", None
        db.session.commit()
        return "failed", 0
    if now < span[1]:  # moved later since it was planned
        meeting.pull_attempts -= 1
        meeting.pull_next_at = span[1] + timedelta(minutes=5)
        db.session.commit()
        return "not_ready", 0
    try:
        if not module.configured(config):
            raise ProviderError("not_configured", provider=meeting.provider, permanent=True)
        attendees = module.pull_attendance(config, view_of(meeting, event))
    except ProviderError as exc:
        meeting.pull_error = failures.dump(exc)
        late = now - span[1] > GIVE_UP_AFTER
        if exc.permanent or late:
            meeting.pull_state, meeting.pull_next_at = "failed", None
            db.session.commit()
            return "failed", 0
        wait = pull_wait(meeting.pull_attempts)
        if exc.retry_after:
            wait = max(wait, timedelta(seconds=exc.retry_after)) if not isinstance(exc, ReportNotReady) \
                else max(timedelta(seconds=exc.retry_after), timedelta(minutes=1))
        meeting.pull_next_at = now + wait
        db.session.commit()
        return "not_ready", 0
    rows = _save(meeting, event, attendees, span, now)
    db.session.commit()
    return "pulled", rows


def _registration_ids(meeting: Meeting, attendees: list[PulledAttendee]) -> dict[str, int]:
    """The provider's registrant ids → our registrations (one statement)."""
    wanted = {a.provider_registrant_id for a in attendees if a.provider_registrant_id}
    if not wanted:
        return {}
    rows = db.session.execute(
        db.select(VcRegistrant.provider_registrant_id, VcRegistrant.registration_id)
        .where(VcRegistrant.meeting_id == meeting.id, VcRegistrant.provider_registrant_id.in_(wanted)))
    return {key: reg for key, reg in rows}


def report_of(meeting: Meeting, attendees: list[PulledAttendee], end: datetime,
              emails: dict[int, str]) -> ParsedReport:
    mapped = _registration_ids(meeting, attendees)
    rows = []
    for line, person in enumerate(attendees, start=1):
        registration_id = None
        if person.provider_registrant_id and person.provider_registrant_id in mapped:
            registration_id = mapped[person.provider_registrant_id]
        elif person.registrant_key and person.registrant_key.isdigit():
            registration_id = int(person.registrant_key)
        left = person.left_at or max(end, person.joined_at)
        if left < person.joined_at:
            continue
        email = person.email or (emails.get(registration_id, "") if registration_id else "")
        rows.append(ReportRow(line, person.name, email.lower(), person.joined_at, left,
                              registration_id=registration_id))
    return ParsedReport(FORMAT_OF.get(meeting.provider, "zoom_api"), tuple(rows), "")


def review_csv(report: ParsedReport, zone: str, emails: dict[int, str]) -> bytes:
    """The pulled rows in Zoom's participant-report layout, for the review screen: people the
    provider named carry their registration's e-mail, so they match again exactly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)"])
    for row in report.rows:
        email = emails.get(row.registration_id, row.email) if row.registration_id else row.email
        writer.writerow([row.name, email, to_zone(row.joined, zone).strftime("%Y-%m-%d %H:%M:%S"),
                         to_zone(row.left, zone).strftime("%Y-%m-%d %H:%M:%S"),
                         int((row.left - row.joined).total_seconds() // 60)])
    return out.getvalue().encode()


def _save(meeting: Meeting, event: Event, attendees: list[PulledAttendee],
          span: tuple[datetime, datetime], now: datetime) -> int:
    only = {s.id for s in covered_sessions(meeting, event)}
    people = people_of(event)
    emails = {p.id: p.email for p in people}
    report = report_of(meeting, attendees, span[1], emails)
    review = 0
    if report.rows:
        plan = plan_import(event, report, people=people, only=only)
        apply_import(plan)
        review = sum(1 for item in plan.review if item.how != "ignored")
        if review:
            db.session.add(AttendanceImport(
                event_id=event.id, status="pending", format="zoom_meeting", meeting_id=meeting.id,
                filename=f"{meeting.provider}: {view_of(meeting, event).title}"[:200],
                timezone=event.timezone, date_order="", content=review_csv(report, event.timezone, emails),
                rows=len(report.rows), matched=plan.matched, unmatched=plan.unmatched))
        after = {"provider": meeting.provider, "rows": plan.rows, "new": plan.new, "changed": plan.changed,
                 "removed": plan.removed, "to_review": review}
    else:
        after = {"provider": meeting.provider, "rows": 0}
    # Live notices (webhooks) are replaced by the report.
    if only:
        live = (Attendance.source == "live", Attendance.session_id.in_(only))
        noticed = set(db.session.execute(db.select(Attendance.registration_id).where(*live)).scalars())
        db.session.execute(db.delete(Attendance).where(*live))
        refresh(event.id, noticed)
    meeting.pull_state, meeting.pulled_at, meeting.pull_next_at = "done", now, None
    meeting.pull_rows, meeting.pull_error = len(report.rows), ""
    data = json.loads(meeting.provider_data or "{}")
    data["to_review"] = review
    meeting.provider_data = json.dumps(data)
    db.session.flush()
    record("attendance.pull", meeting, after=after, event_id=event.id)
    return len(report.rows)


def pull_again(meeting: Meeting) -> None:
    """The organiser's retry of a failed (or redo of a done) pull."""
    meeting.pull_state, meeting.pull_attempts, meeting.pull_error = "waiting", 0, ""
    meeting.pull_next_at = now_utc()
    db.session.flush()
