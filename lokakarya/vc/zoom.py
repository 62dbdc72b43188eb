"""Zoom (API v2, Server-to-Server OAuth): meetings with registration, each registrant's own join
URL, and the past meeting participants report.

Calls (ZOOM_API_URL, default https://api.zoom.us/v2):
- token: POST {ZOOM_OAUTH_URL}?grant_type=account_credentials&account_id=… with Basic auth
  (client id:secret) → access_token, expires_in. Cached per process until a minute before it
  expires; a 401 (code 124, the token expired or was revoked) gets a new token once.
- create: POST /users/{host}/meetings (type 2, scheduled; registration automatic: approval_type 0).
  Our key is the last line of the agenda: an attempt whose answer was lost is found again with
  GET /users/{host}/meetings (upcoming) before creating a second meeting (`find`).
- update: PATCH /meetings/{id} (204); cancel: DELETE /meetings/{id} (204; 404 3001 = already gone).
- register: POST /meetings/{id}/registrants → registrant_id and the person's join_url (Zoom
  answers the same registrant again for an e-mail already registered); unregister:
  PUT /meetings/{id}/registrants/status {action: cancel, registrants: [{id, email}]}.
- attendance: GET /past_meetings/{id}/instances (each start of the meeting has its own UUID), then
  GET /report/meetings/{uuid}/participants?page_size=300&next_page_token=… for each. A UUID that
  begins with "/" or contains "//" is encoded twice. The report exists only some minutes after
  the end: 404 (code 3001 or 12702) then is ReportNotReady.
Errors: 429 (Retry-After), 5xx and time-outs are retried later; other 4xx are permanent, with
Zoom's message. Nothing secret (client secret, tokens, start URLs) is put in an error message.
"""
from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import Request, urlopen

from lokakarya.vc.provider import (
    MeetingSpec,
    MeetingView,
    ProviderError,
    ProvisionedMeeting,
    PulledAttendee,
    RegisteredPerson,
    Registrant,
    ReportNotReady,
    unreachable,
)

NAME = "zoom"
LABEL = "Zoom"
REGISTRATION = True
ATTENDANCE = True
PAGE_SIZE = 300           # the report's maximum page size
TOPIC_MAX = 200           # Zoom refuses longer topics
MAX_ANSWER = 5 * 1024 * 1024
REPORT_NOT_READY_CODES = {3001, 12702}

_tokens: dict[tuple, tuple[str, float]] = {}
_tokens_lock = threading.Lock()


def configured(config: Mapping) -> bool:
    return all(config.get(k) for k in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"))


def _timeout(config: Mapping) -> float:
    return float(config.get("VC_TIMEOUT") or 10)


def _token_key(config: Mapping) -> tuple:
    return (config.get("ZOOM_OAUTH_URL"), config.get("ZOOM_ACCOUNT_ID"), config.get("ZOOM_CLIENT_ID"))


def forget_token(config: Mapping) -> None:
    with _tokens_lock:
        _tokens.pop(_token_key(config), None)


def access_token(config: Mapping) -> str:
    """A cached token, or a new one from the account-credentials grant."""
    key = _token_key(config)
    with _tokens_lock:
        cached = _tokens.get(key)
        if cached and cached[1] > time.time():
            return cached[0]
    basic = base64.b64encode(f"{config['ZOOM_CLIENT_ID']}:{config['ZOOM_CLIENT_SECRET']}".encode()).decode()
    url = (config.get("ZOOM_OAUTH_URL") or "https://zoom.us/oauth/token") + "?" + urlencode(
        {"grant_type": "account_credentials", "account_id": config["ZOOM_ACCOUNT_ID"]})
    request = Request(url, data=b"", method="POST", headers={"Authorization": f"Basic {basic}"})  # noqa: S310
    answer = _send(config, request, "token")
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if not isinstance(token, str) or not token:
        raise ProviderError("incomplete_answer", provider=NAME, step="token", missing="token")
    expires_in = answer.get("expires_in") if isinstance(answer.get("expires_in"), int) else 3599
    with _tokens_lock:
        _tokens[key] = (token, time.time() + max(0, expires_in - 60))
    return token


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


def _send(config: Mapping, request: Request, step: str):
    """One HTTP exchange → the decoded JSON (None for 204), else ProviderError."""
    server = urlsplit(request.full_url).hostname or ""
    try:
        with urlopen(request, timeout=_timeout(config)) as response:  # noqa: S310 - configured URL
            body = response.read(MAX_ANSWER + 1)
            if response.status == 204 or not body:
                return None
    except HTTPError as exc:
        raise _error(exc, step, server) from None
    except (URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise unreachable(NAME, step, server, _timeout(config), exc) from None
    if len(body) > MAX_ANSWER:
        raise ProviderError("answer_too_large", provider=NAME, step=step, server=server)
    try:
        return json.loads(body)
    except ValueError:
        raise ProviderError("unreadable_answer", provider=NAME, step=step, server=server) from None


class ZoomHTTPError(ProviderError):
    """An HTTP error answer; `status` and Zoom's own numeric `zoom_code` decide what follows."""

    def __init__(self, code: str, status: int, zoom_code: int | None, **kwargs):
        super().__init__(code, provider=NAME, status=status, **kwargs)
        self.status, self.zoom_code = status, zoom_code


def _error(exc: HTTPError, step: str, server: str) -> ZoomHTTPError:
    try:
        data = json.loads(exc.read(65536) or b"{}")
    except ValueError:
        data = {}
    zoom_code = data.get("code") if isinstance(data, dict) and isinstance(data.get("code"), int) else None
    text = ""  # the API says "message"; the OAuth endpoint "reason"
    if isinstance(data, dict):
        text = next((data[k] for k in ("message", "reason") if isinstance(data.get(k), str)), "")
    said = {"step": step, "server": server, "provider_message": text}
    status = exc.code
    if status == 429:
        wait = _retry_after(exc.headers.get("Retry-After")) or 60
        return ZoomHTTPError("rate_limited", status, zoom_code, retry_after=wait, seconds=round(wait), **said)
    if status >= 500 or status in (401, 408):
        return ZoomHTTPError("http_error", status, zoom_code, **said)
    return ZoomHTTPError("http_error", status, zoom_code, permanent=True, **said)


def api(config: Mapping, method: str, path: str, body: dict | None = None,
        query: Mapping | None = None, step: str = ""):
    """A call to the REST API with the account's token; an expired token is replaced once."""
    url = config.get("ZOOM_API_URL", "https://api.zoom.us/v2").rstrip("/") + path
    if query:
        url += "?" + urlencode({k: v for k, v in query.items() if v not in (None, "")})
    data = json.dumps(body).encode() if body is not None else None
    for attempt in (1, 2):
        headers = {"Authorization": f"Bearer {access_token(config)}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        try:
            request = Request(url, data=data, method=method, headers=headers)  # noqa: S310 - configured URL
            return _send(config, request, step or method.lower())
        except ZoomHTTPError as exc:
            if exc.status == 401 and attempt == 1:
                forget_token(config)
                continue
            raise


def _start_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def meeting_body(spec: MeetingSpec) -> dict:
    """What POST /users/{id}/meetings and PATCH /meetings/{id} take for our meeting. Pure."""
    return {
        "topic": spec.title[:TOPIC_MAX],
        "type": 2,
        "start_time": _start_time(spec.starts_at),
        "duration": max(1, int(spec.duration_minutes)),
        "timezone": spec.timezone,
        "agenda": f"{spec.title}\n{spec.key}"[-2000:],
        "settings": {"approval_type": 0, "registration_type": 1, "join_before_host": False,
                     "waiting_room": False, "registrants_email_notification": False,
                     "registrants_confirmation_email": False, "meeting_authentication": False},
    }


def _host(config: Mapping, spec: MeetingSpec) -> str:
    host = spec.host_email or config.get("ZOOM_HOST_EMAIL") or "me"
    return quote(host, safe="@")


def _provisioned(answer: dict) -> ProvisionedMeeting:
    if not isinstance(answer, dict) or "id" not in answer or not answer.get("join_url"):
        raise ProviderError("incomplete_answer", provider=NAME, step="create", missing="meeting")
    secrets = {k: answer[k] for k in ("start_url", "h323_password", "encrypted_password")
               if isinstance(answer.get(k), str) and answer[k]}
    return ProvisionedMeeting(
        external_id=str(answer["id"]), join_url=answer["join_url"],
        passcode=str(answer.get("password") or ""), host_secrets=secrets,
        extra={"uuid": answer.get("uuid", ""), "host_id": answer.get("host_id", "")})


def find(config: Mapping, spec: MeetingSpec) -> ProvisionedMeeting | None:
    """The upcoming meeting of the host whose agenda ends with our key (a creation whose answer
    was lost), or None. Pages through the list; the list's items lack the start URL, so the
    meeting itself is read."""
    token = ""
    for _ in range(50):
        answer = api(config, "GET", f"/users/{_host(config, spec)}/meetings",
                     query={"type": "upcoming", "page_size": 300, "next_page_token": token}, step="find")
        for item in (answer or {}).get("meetings") or []:
            if str(item.get("agenda") or "").rstrip().endswith(spec.key):
                return _provisioned(api(config, "GET", f"/meetings/{item['id']}", step="find"))
        token = (answer or {}).get("next_page_token") or ""
        if not token:
            return None
    return None


def create(config: Mapping, spec: MeetingSpec) -> ProvisionedMeeting:
    return _provisioned(api(config, "POST", f"/users/{_host(config, spec)}/meetings",
                            meeting_body(spec), step="create"))


def update(config: Mapping, external_id: str, spec: MeetingSpec) -> None:
    body = meeting_body(spec)
    api(config, "PATCH", f"/meetings/{quote(external_id, safe='')}", body, step="update")


def cancel(config: Mapping, external_id: str) -> None:
    try:
        api(config, "DELETE", f"/meetings/{quote(external_id, safe='')}",
            query={"schedule_for_reminder": "false"}, step="cancel")
    except ZoomHTTPError as exc:
        if exc.status == 404 and exc.zoom_code == 3001:
            return  # already deleted
        raise


def _name_parts(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) < 2:
        return (name.strip() or "-")[:64], ""
    return " ".join(words[:-1])[:64], words[-1][:64]


def register(config: Mapping, external_id: str, registrant: Registrant) -> RegisteredPerson:
    first, last = _name_parts(registrant.name)
    body = {"email": registrant.email, "first_name": first, "last_name": last,
            "org": registrant.agency[:200], "auto_approve": True}
    answer = api(config, "POST", f"/meetings/{quote(external_id, safe='')}/registrants", body,
                 step="register")
    if not isinstance(answer, dict) or not answer.get("registrant_id") or not answer.get("join_url"):
        raise ProviderError("incomplete_answer", provider=NAME, step="register", missing="registrant")
    return RegisteredPerson(str(answer["registrant_id"]), answer["join_url"])


def unregister(config: Mapping, external_id: str, registrant_key: str,
               provider_registrant_id: str = "", email: str = "") -> None:
    person = {"id": provider_registrant_id} if provider_registrant_id else {}
    if email:
        person["email"] = email
    try:
        api(config, "PUT", f"/meetings/{quote(external_id, safe='')}/registrants/status",
            {"action": "cancel", "registrants": [person]}, step="unregister")
    except ZoomHTTPError as exc:
        if exc.status == 404 and exc.zoom_code in (3001, 3043):
            return  # the meeting (or the registrant) is gone already
        raise


def personal_join_url(config: Mapping, meeting: MeetingView, registrant: Registrant) -> str:
    """The registrant's own URL stored at registration; the meeting's URL until then."""
    return registrant.join_url or meeting.join_url


def encode_uuid(uuid: str) -> str:
    """A meeting UUID as a path segment: twice encoded when it begins with '/' or has '//'."""
    once = quote(uuid, safe="")
    return quote(once, safe="") if uuid.startswith("/") or "//" in uuid else once


def _instant(text) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def instances(config: Mapping, meeting: MeetingView) -> list[str]:
    """The UUIDs of the meeting's past instances (each start is one); the one we know if none."""
    try:
        answer = api(config, "GET", f"/past_meetings/{quote(meeting.external_id, safe='')}/instances",
                     step="report")
    except ZoomHTTPError as exc:
        if exc.status == 404:
            raise ReportNotReady(provider=NAME, step="report", provider_message=exc.provider_message,
                                 retry_after=300) from None
        raise
    found = [m["uuid"] for m in (answer or {}).get("meetings") or [] if isinstance(m.get("uuid"), str)]
    if not found:
        raise ReportNotReady(provider=NAME, step="report", retry_after=300)
    return found


def report_pages(config: Mapping, uuid: str):
    """Each page of the participants report of one instance (a list of dicts)."""
    token = ""
    while True:
        try:
            answer = api(config, "GET", f"/report/meetings/{encode_uuid(uuid)}/participants",
                         query={"page_size": PAGE_SIZE, "next_page_token": token}, step="report")
        except ZoomHTTPError as exc:
            if exc.status == 404 and (exc.zoom_code in REPORT_NOT_READY_CODES or exc.zoom_code is None):
                raise ReportNotReady(provider=NAME, step="report", provider_message=exc.provider_message,
                                     retry_after=300) from None
            raise
        yield [p for p in (answer or {}).get("participants") or [] if isinstance(p, dict)]
        token = (answer or {}).get("next_page_token") or ""
        if not token:
            return


def attendee(row: dict) -> PulledAttendee | None:
    """One report row as a PulledAttendee (registrant_key: Zoom's registrant id). Pure."""
    joined = _instant(row.get("join_time"))
    if joined is None:
        return None
    return PulledAttendee(
        name=" ".join(str(row.get("name") or "").split()), email=str(row.get("user_email") or "").strip(),
        registrant_key=None, joined_at=joined, left_at=_instant(row.get("leave_time")),
        provider_registrant_id=str(row.get("registrant_id") or "") or None)


def pull_attendance(config: Mapping, meeting: MeetingView) -> list[PulledAttendee]:
    found: list[PulledAttendee] = []
    for uuid in instances(config, meeting):
        for page in report_pages(config, uuid):
            found.extend(a for a in map(attendee, page) if a is not None)
    return found
