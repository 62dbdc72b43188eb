"""BigBlueButton (2.6 or later): meetings on the organisation's own server (BBB_URL, BBB_SECRET).

BBB meetings do not persist: a meeting exists on the server from a `create` call until it ends,
and one nobody joins expires after a few minutes. So scheduling only fixes the meeting ID (our key
with an unguessable suffix, so two installations sharing a server never meet) and checks the
server answers with our secret; from a quarter of an hour before the join window opens until the
session's end the worker calls `watch` on every pass, which (re)creates the meeting (`create` with
the same meetingID is idempotent: BBB answers duplicateWarning), asking BBB to keep it until the
session's end though nobody has joined yet (meetingExpireIfNoUserJoinedInMinutes), and reads who
is in it (getMeetingInfo). Whether the room is on the server as far as we know ("room": "open" /
"gone", set by `watch` and by the end callback) lets the join redirect show a waiting page
instead of sending someone to BBB's "meeting not found" (room_ready). What `watch`
returns is stored as the meeting's provider data: the people seen, by the userID they joined
with (our registration key), with the spans they were seen in. When the meeting has ended (BBB
calls our end callback, or the meeting is gone after it ran, or the session is long over)
`pull_attendance` gives those spans to the framework's pull, which goes through the same import
code as an uploaded report.

Each person joins through the app's tracked redirect: `personal_join_url` signs a join URL with
their own name, their registration as userID and role VIEWER (MODERATOR only for organisers),
computed at click time, never stored or shown. No passwords are used (role replaces them in 2.6).

The API: every call is GET {BBB_URL}/api/<call>?<query>&checksum=<hex>, the checksum being the
digest of call name + query + secret (sha1 by default; BBB_CHECKSUM=sha256/sha384/sha512 for
servers that allow them). Answers are XML <response> with returncode SUCCESS or FAILED and a
messageKey/message.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import xml.etree.ElementTree as ET  # noqa: S405 - answers of the configured server, size-capped
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import Request, urlopen

from lokakarya.vc.provider import (
    MeetingSpec,
    MeetingView,
    ProviderError,
    ProvisionedMeeting,
    PulledAttendee,
    Registrant,
    ReportNotReady,
    unreachable,
)

NAME = "bbb"
LABEL = "BigBlueButton"
REGISTRATION = False
ATTENDANCE = True

CHECKSUMS = ("sha1", "sha256", "sha384", "sha512")
WINDOW_OPENS = timedelta(minutes=30)     # as the join link opens (ical.views.JOIN_OPENS_BEFORE)
# The room is opened this long before the join link is: whoever clicks first finds it there,
# whenever the worker's passes fall. BBB keeps it until the session's end though nobody joined
# (meetingExpireIfNoUserJoinedInMinutes, create_params).
CREATE_AHEAD = timedelta(minutes=15)
EXPIRE_DEFAULT = 5                       # BBB's own meetingExpireIfNoUserJoinedInMinutes
WATCH_AFTER_END = timedelta(hours=3)     # a session running late is still watched this long
FINAL_BEFORE_END = timedelta(minutes=15)  # an end from here on is the end (see final_from)
MAX_ANSWER = 5 * 1024 * 1024
NAME_MAX = 256                           # BBB refuses longer meeting names
HOST_KEY_PREFIX = "host-"                # userID of organisers joining as moderators: not attendance


def configured(config: Mapping) -> bool:
    return bool(config.get("BBB_URL") and config.get("BBB_SECRET"))


# --- signing (pure) ---------------------------------------------------------------------------

def api_base(config: Mapping) -> str:
    """{BBB_URL}/api: BBB_URL is what `bbb-conf --secret` prints (https://host/bigbluebutton/);
    one ending in /api already is taken as it is."""
    base = str(config["BBB_URL"]).rstrip("/")
    return base if base.endswith("/api") else base + "/api"


def query_string(params: Mapping[str, object]) -> str:
    """The query as BBB reads it: parameters in the given order, values percent-encoded (a space
    as %20, as the API docs' examples; BBB takes either)."""
    return urlencode([(k, str(v)) for k, v in params.items()], quote_via=quote)


def checksum(call: str, query: str, secret: str, algorithm: str = "sha1") -> str:
    return hashlib.new(algorithm, (call + query + secret).encode()).hexdigest()


def signed_url(config: Mapping, call: str, params: Mapping[str, object]) -> str:
    algorithm = (config.get("BBB_CHECKSUM") or "sha1").lower()
    if algorithm not in CHECKSUMS:
        algorithm = "sha1"
    query = query_string(params)
    digest = checksum(call, query, str(config["BBB_SECRET"]), algorithm)
    return f"{api_base(config)}/{call}?{query}{'&' if query else ''}checksum={digest}"


def callback_token(config: Mapping, external_id: str) -> str:
    """The token our end-callback URL carries: only this app (SECRET_KEY) can make it, and it is
    good for this meeting only."""
    key = f"lokakarya-bbb-end:{config['SECRET_KEY']}".encode()
    return hmac.new(key, external_id.encode(), hashlib.sha256).hexdigest()


def callback_token_ok(config: Mapping, external_id: str, token: str) -> bool:
    return hmac.compare_digest(callback_token(config, external_id), token or "")


def end_callback_url(config: Mapping, external_id: str) -> str:
    base = str(config.get("BASE_URL") or "").rstrip("/")
    return f"{base}/vc/bbb/{quote(external_id, safe='')}/ended?" + urlencode(
        {"token": callback_token(config, external_id)})


def create_params(config: Mapping, external_id: str, title: str, keep_minutes: int = EXPIRE_DEFAULT) -> dict:
    """The `create` call's parameters. duration 0 (no limit): the organiser ends it, or BBB does
    when the last person has left; a session running late is not cut off. `keep_minutes`: how
    long BBB keeps the room while nobody has joined (BBB 2.5+; its default is 5 minutes, too
    short for a room opened ahead of the join window)."""
    name = " ".join((title or external_id).split())[:NAME_MAX]
    return {
        "name": name,
        "meetingID": external_id,
        "record": "false",
        "duration": 0,
        "meetingExpireIfNoUserJoinedInMinutes": max(EXPIRE_DEFAULT, keep_minutes),
        "welcome": name,
        "logoutURL": str(config.get("BASE_URL") or "").rstrip("/") + "/",
        "meta_bbb-origin": "Lokakarya",
        "meta_endCallbackUrl": end_callback_url(config, external_id),
    }


def join_params(meeting_id: str, registrant: Registrant) -> dict:
    return {
        "fullName": (" ".join(registrant.name.split()) or registrant.email or registrant.key)[:255],
        "meetingID": meeting_id,
        "role": "MODERATOR" if registrant.moderator else "VIEWER",
        "userID": registrant.key,
        "redirect": "true",
    }


# --- calls ------------------------------------------------------------------------------------

def _server_name(config: Mapping) -> str:
    return urlsplit(str(config["BBB_URL"])).hostname or "BigBlueButton"


# The worker's step for each API call (messages.steps words it for the organiser).
STEP_OF = {"create": "open_room", "isMeetingRunning": "check", "getMeetingInfo": "watch", "end": "end"}


def call(config: Mapping, name: str, params: Mapping[str, object]) -> ET.Element:
    """One API call; the <response> element of a SUCCESS answer. FAILED answers, HTTP errors,
    timeouts and unreadable answers raise ProviderError with a code for the organiser and BBB's own
    message (never the URL: it carries a checksum)."""
    url = signed_url(config, name, params)
    timeout = float(config.get("VC_TIMEOUT") or 10)
    where = {"provider": NAME, "step": STEP_OF.get(name, ""), "server": _server_name(config)}
    try:
        with urlopen(Request(url, headers={"Accept": "text/xml"}), timeout=timeout) as answer:  # noqa: S310
            body = answer.read(MAX_ANSWER + 1)
    except HTTPError as exc:
        retry = exc.headers.get("Retry-After") if exc.headers else None
        wait = float(retry) if retry and retry.isdigit() else None
        if exc.code == 429:
            raise ProviderError("rate_limited", retry_after=wait or 60, seconds=round(wait or 60), **where) from None
        raise ProviderError("http_error", status=exc.code, retry_after=wait, **where) from None
    except (URLError, OSError) as exc:  # TimeoutError is an OSError
        raise unreachable(NAME, where["step"], where["server"], timeout, exc) from None
    if len(body) > MAX_ANSWER:
        raise ProviderError("answer_too_large", **where)
    try:
        root = ET.fromstring(body)  # noqa: S314
    except ET.ParseError:
        raise ProviderError("unreadable_answer", **where) from None
    if root.findtext("returncode") != "SUCCESS":
        key = root.findtext("messageKey") or ""
        message = " ".join((root.findtext("message") or "").split())
        code = "bad_secret" if key == "checksumError" else "refused"
        error = ProviderError(code, provider_message=message or key, message_key=key, **where)
        error.message_key = key
        raise error
    return root


def _failed_with(exc: ProviderError, *keys: str) -> bool:
    return getattr(exc, "message_key", "") in keys


# --- the provider interface ------------------------------------------------------------------

def create(config: Mapping, spec: MeetingSpec) -> ProvisionedMeeting:
    """Fix the meeting ID and check the server takes our checksum (isMeetingRunning: cheap, signed);
    the meeting itself is created on the server by `watch` when the join window opens."""
    external_id = f"{spec.key}-{secrets.token_hex(8)}"
    call(config, "isMeetingRunning", {"meetingID": external_id})
    root = urlsplit(str(config["BBB_URL"]))
    return ProvisionedMeeting(external_id=external_id, join_url=f"{root.scheme}://{root.netloc}/")


def update(config: Mapping, external_id: str, spec: MeetingSpec) -> None:
    """Nothing to tell the server: the next `create` in the join window uses the session as it
    is then (title, times)."""
    call(config, "isMeetingRunning", {"meetingID": external_id})


def cancel(config: Mapping, external_id: str) -> None:
    """End the meeting if it is on the server; one that is not (never created, expired) is fine."""
    try:
        call(config, "end", {"meetingID": external_id})
    except ProviderError as exc:
        if not _failed_with(exc, "notFound", "invalidMeetingIdentifier"):
            raise


def register(config: Mapping, external_id: str, registrant: Registrant):
    return None


def unregister(config: Mapping, external_id: str, registrant_key: str,
               provider_registrant_id: str, email: str) -> None:
    return None


def personal_join_url(config: Mapping, meeting: MeetingView, registrant: Registrant) -> str:
    return signed_url(config, "join", join_params(meeting.external_id, registrant))


# --- watching the meeting while it runs -------------------------------------------------------

def _iso(at: datetime) -> str:
    return at.isoformat()


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def room_time(meeting: MeetingView, now: datetime) -> bool:
    """From a while before the join link opens to the scheduled end: the time to (re)create the
    room."""
    if meeting.starts_at is None or meeting.ends_at is None:
        return False
    return meeting.starts_at - WINDOW_OPENS - CREATE_AHEAD <= now <= meeting.ends_at


def keep_minutes(meeting: MeetingView, now: datetime) -> int:
    """Minutes from now to the scheduled end, rounded up: how long an unjoined room must last."""
    return int((meeting.ends_at - now).total_seconds() // 60) + 1


def room_ready(meeting: MeetingView) -> bool:
    """Whether the room is on the server as far as the app knows: opened by a pass of the worker
    and not ended since (the end callback, or a look that did not find it). Pure: the join
    redirect asks this instead of calling the server."""
    data = meeting.extra or {}
    return data.get("room", "open" if data.get("create_time") else "") == "open"


def room_gone(data: dict) -> dict:
    return {**data, "room": "gone"}


def watching(meeting: MeetingView, now: datetime) -> bool:
    """Whether the worker should call `watch` for this meeting now."""
    data = meeting.extra or {}
    if data.get("ended_at") or meeting.starts_at is None or meeting.ends_at is None:
        return False
    return meeting.starts_at - WINDOW_OPENS - CREATE_AHEAD <= now <= meeting.ends_at + WATCH_AFTER_END


def merge_attendees(data: dict, present: Mapping[str, str], now: datetime) -> dict:
    """`data` (provider data) with the people `present` now (userID → name) added: a person seen
    again extends their open span; one seen after an absence gets a new span; one gone has their
    span closed at this look. Pure."""
    seen = {k: {"name": v["name"], "spans": [list(s) for s in v["spans"]], "open": v.get("open", False)}
            for k, v in (data.get("seen") or {}).items()}
    stamp = _iso(now)
    for user_id, person in seen.items():
        if person["open"] and user_id not in present:
            person["spans"][-1][1] = stamp
            person["open"] = False
    for user_id, name in present.items():
        person = seen.setdefault(user_id, {"name": name, "spans": [], "open": False})
        person["name"] = name or person["name"]
        if person["open"]:
            person["spans"][-1][1] = stamp
        else:
            person["spans"].append([stamp, stamp])
            person["open"] = True
    return {**data, "seen": seen, "looked_at": stamp}


def mark_ended(data: dict, at: datetime) -> dict:
    """The meeting is over: close every open span at `at`. Pure."""
    if data.get("ended_at"):
        return data
    seen = {}
    for user_id, person in (data.get("seen") or {}).items():
        spans = [list(s) for s in person["spans"]]
        if person.get("open") and spans:
            spans[-1][1] = max(spans[-1][1], _iso(at))
        seen[user_id] = {"name": person["name"], "spans": spans, "open": False}
    return {**data, "seen": seen, "ended_at": _iso(at)}


def attendees_of(root: ET.Element) -> dict[str, str]:
    """userID → full name of the people in a getMeetingInfo answer."""
    present = {}
    for attendee in root.iter("attendee"):
        user_id = (attendee.findtext("userID") or "").strip()
        if user_id:
            present[user_id] = " ".join((attendee.findtext("fullName") or "").split())
    return present


def final_from(meeting: MeetingView) -> datetime:
    """From when an end is the end: a meeting that ends earlier (everyone dropped out, BBB closed
    it) is created again for whoever comes back; one ended in the session's last minutes or later
    is over."""
    return meeting.ends_at - FINAL_BEFORE_END


def watch(config: Mapping, meeting: MeetingView, now: datetime) -> dict:
    """One look during the join window and while the meeting runs: (re)create it until the
    scheduled end, read who is in it. Returns the meeting's new provider data."""
    data = dict(meeting.extra or {})
    if room_time(meeting, now):
        root = call(config, "create", create_params(config, meeting.external_id, meeting.title,
                                                    keep_minutes(meeting, now)))
        data.setdefault("created_at", _iso(now))
        data["create_time"] = root.findtext("createTime") or data.get("create_time", "")
        data["room"] = "open"
    try:
        info = call(config, "getMeetingInfo", {"meetingID": meeting.external_id})
    except ProviderError as exc:
        if not _failed_with(exc, "notFound", "invalidMeetingIdentifier"):
            raise
        info = None  # not on the server: ended, or never created (outside the window)
    running = info is not None and info.findtext("hasBeenForciblyEnded") != "true" and (
        info.findtext("endTime") or "0") in ("", "0")
    data = merge_attendees(data, attendees_of(info) if running else {}, now)
    if info is None:
        data = room_gone(data)
    if not running and now >= final_from(meeting):
        return mark_ended(data, now)
    return data


def pull_attendance(config: Mapping, meeting: MeetingView) -> list[PulledAttendee]:
    """The spans `watch` collected, once the meeting has ended (else ReportNotReady)."""
    data = meeting.extra or {}
    if not data.get("ended_at"):
        now = datetime.now(UTC)
        if meeting.ends_at is None or now <= meeting.ends_at + WATCH_AFTER_END:
            raise ReportNotReady("meeting_not_ended", provider=NAME, retry_after=60)
        # No longer watched and never seen ending (the server lost it): what was seen is it.
        data = mark_ended(data, _at(data["looked_at"]) if data.get("looked_at") else now)
    rows = []
    for user_id, person in sorted((data.get("seen") or {}).items()):
        if user_id.startswith(HOST_KEY_PREFIX):
            continue  # the organisers who hosted it
        for start, end in person["spans"]:
            rows.append(PulledAttendee(name=person["name"], email="", registrant_key=user_id,
                                       joined_at=_at(start), left_at=_at(end)))
    return rows
