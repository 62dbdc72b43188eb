"""What a created meeting should be, read from the agenda: its window, its spec, its view."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.vc.provider import MeetingSpec, MeetingView

# A provider's report exists only some minutes after the end (Zoom: "about 30 minutes" at worst).
REPORT_DELAY = timedelta(minutes=5)


def key_of(meeting: Meeting) -> str:
    """Our stable id for the provider (idempotency, agenda marker)."""
    return f"lokakarya-m{meeting.id}"


def covered_sessions(meeting: Meeting, event: Event) -> list[EventSession]:
    """The sessions held in this meeting: its own session, or (event-wide) every scheduled
    session without a meeting of its own."""
    if meeting.session_id is not None:
        return [s for s in event.sessions if s.id == meeting.session_id and not s.cancelled]
    return [s for s in event.sessions if s.meeting is None and not s.cancelled]


def window(meeting: Meeting, event: Event) -> tuple[datetime, datetime] | None:
    sessions = covered_sessions(meeting, event)
    if not sessions:
        return None
    return min(s.starts_at for s in sessions), max(s.ends_at for s in sessions)


def title_of(meeting: Meeting, event: Event) -> str:
    if meeting.session_id is not None and meeting.session is not None:
        return f"{meeting.session.title} — {event.title}"
    return event.title


def spec_for(meeting: Meeting, event: Event, default_host: str = "") -> MeetingSpec | None:
    """None when the meeting has no scheduled session to be held for."""
    span = window(meeting, event)
    if span is None:
        return None
    starts, ends = span
    host = meeting.host_email
    if not host and meeting.session_id is not None:
        wide = next((m for m in event.meetings if m.session_id is None), None)
        host = wide.host_email if wide is not None else ""
    return MeetingSpec(key=key_of(meeting), title=title_of(meeting, event), starts_at=starts,
                       duration_minutes=max(1, int((ends - starts).total_seconds() // 60)),
                       timezone=event.timezone, host_email=host or default_host)


def loads(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def view_of(meeting: Meeting, event: Event) -> MeetingView:
    span = window(meeting, event)
    return MeetingView(key=key_of(meeting), external_id=meeting.external_id, join_url=meeting.join_url,
                       passcode=meeting.passcode, host_secrets=loads(meeting.host_secrets),
                       extra=loads(meeting.provider_data), title=title_of(meeting, event),
                       starts_at=span[0] if span else None, ends_at=span[1] if span else None)


def plan_pull(meeting: Meeting, event: Event) -> None:
    """Set when the attendance of a created meeting is pulled: after its end (unless pulled)."""
    if meeting.pull_state in ("done",):
        return
    span = window(meeting, event)
    meeting.pull_state = "waiting" if span else ""
    meeting.pull_next_at = span[1] + REPORT_DELAY if span else None
