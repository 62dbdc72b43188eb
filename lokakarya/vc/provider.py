"""What each video-conference provider module offers the vc worker (Zoom, BigBlueButton, Jitsi).

A provider module is a set of functions taking the app config (a mapping) first; they make HTTP
calls and raise ProviderError; they never touch the database (the worker does).

A provider module has:
    NAME: str                      "zoom" | "bbb" | "jitsi"
    LABEL: str                     shown to organisers ("Zoom", "BigBlueButton", "Jitsi Meet")
    REGISTRATION: bool             registers people one by one (Zoom) or not
    ATTENDANCE: bool               pull_attendance gives anything (Jitsi: False)
    configured(config) -> bool
    create(config, spec) -> ProvisionedMeeting
    find(config, spec) -> ProvisionedMeeting | None   (optional) the meeting an earlier attempt
        created with this spec.key, looked up before creating again after a lost answer
    watching(meeting, now) -> bool, watch(config, meeting, now) -> dict   (optional, BBB) called
        by every sync pass while watching() is true; the dict becomes the meeting's provider data
    update(config, external_id, spec) -> None
    cancel(config, external_id) -> None                      (already gone: no error)
    register(config, external_id, registrant) -> RegisteredPerson | None
        (None when the provider does not register people one by one)
    unregister(config, external_id, registrant_key, provider_registrant_id, email) -> None
    personal_join_url(config, meeting, registrant) -> str
        computed at join time (BBB signed URL, Jitsi JWT URL; Zoom: the stored personal one)
        `meeting` is a MeetingView; `registrant` a Registrant with join_url set when stored
    pull_attendance(config, meeting) -> list[PulledAttendee]
        raises ReportNotReady while the provider has no report yet
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class MeetingSpec:
    key: str                 # our stable id, for idempotency ("lokakarya-m42")
    title: str
    starts_at: datetime      # aware, UTC
    duration_minutes: int
    timezone: str            # IANA name, the event's zone
    host_email: str = ""     # Zoom: the host user; others ignore it


@dataclass(frozen=True)
class ProvisionedMeeting:
    external_id: str
    join_url: str            # participants' generic URL, no secrets in it
    passcode: str = ""
    host_secrets: dict = field(default_factory=dict)  # start URL, moderator password: stored, never shown
    extra: dict = field(default_factory=dict)          # provider data kept for later calls (Zoom: uuid)


@dataclass(frozen=True)
class MeetingView:
    """What a provider needs about a stored meeting at join / pull time."""
    key: str
    external_id: str
    join_url: str
    passcode: str = ""
    host_secrets: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True)
class Registrant:
    key: str                 # our registration id as text
    name: str
    email: str
    agency: str
    join_url: str = ""       # the personal URL stored at registration (Zoom), else ""
    moderator: bool = False  # organisers joining through the app (BBB moderator)


@dataclass(frozen=True)
class RegisteredPerson:
    provider_registrant_id: str
    join_url: str            # the person's own join URL


@dataclass(frozen=True)
class PulledAttendee:
    name: str
    email: str
    registrant_key: str | None   # our key when the provider returns it (exact match)
    joined_at: datetime
    left_at: datetime | None
    provider_registrant_id: str | None = None  # the provider's own registrant id (Zoom), mapped by the worker


class ProviderError(Exception):
    """A provider call failed. `retry_after` (seconds) when the provider said when to come back;
    `permanent` when retrying the same call cannot help (bad input, meeting deleted)."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.permanent = permanent


class ReportNotReady(ProviderError):
    """The attendance report is not available yet (Zoom: some minutes after the end)."""
