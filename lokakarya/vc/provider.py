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

import socket
import ssl
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


PROVIDER_MESSAGE_MAX = 300  # characters of the provider's own words kept


class ProviderError(Exception):
    """A provider call failed, as a `code` with parameters (vc/failures.py keeps it, and shows it
    in the reader's language: vc/messages.failure_text), never as our own English sentence.

    `provider` is the module's NAME; `step` what we were doing ("create", "report", …; see
    messages.steps); `provider_message` the provider's own words (Zoom's `message`, BBB's
    `message`), kept verbatim. `retry_after` (seconds) when the provider said when to come back;
    `permanent` when retrying the same call cannot help (bad input, meeting deleted)."""

    def __init__(self, code: str, *, provider: str = "", step: str = "", provider_message: str = "",
                 retry_after: float | None = None, permanent: bool = False, **params):
        self.code = code
        self.params = {k: v for k, v in {"provider": provider, "step": step, **params}.items()
                       if v not in (None, "")}
        self.provider_message = " ".join(str(provider_message or "").split())[:PROVIDER_MESSAGE_MAX]
        self.retry_after = retry_after
        self.permanent = permanent
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """For logs (English is fine there): the code, its parameters, the provider's words."""
        params = " ".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return f"{self.code} {params}" + (f": {self.provider_message}" if self.provider_message else "")


class ReportNotReady(ProviderError):
    """The attendance report is not available yet (Zoom: some minutes after the end)."""

    def __init__(self, code: str = "report_not_ready", **kwargs):
        super().__init__(code, **kwargs)


def unreachable(provider: str, step: str, server: str, timeout: float, exc: BaseException) -> ProviderError:
    """The ProviderError for a call that got no HTTP answer: a time-out, or no connection (and why,
    when the reason is one an administrator can act on)."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError | socket.timeout):
        return ProviderError("timeout", provider=provider, step=step, server=server, seconds=timeout)
    kind = ""
    if isinstance(reason, ConnectionRefusedError):
        kind = "refused"
    elif isinstance(reason, socket.gaierror):
        kind = "dns"
    elif isinstance(reason, ssl.SSLError | ssl.CertificateError):
        kind = "tls"
    return ProviderError("unreachable", provider=provider, step=step, server=server, reason=kind)
