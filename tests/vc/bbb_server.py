"""A BigBlueButton server for the tests: the documented API (docs.bigbluebutton.org, "API Reference",
2.6–3.0) over real HTTP on a free local port, as strict as bbb-web about what it checks.

- Every call under /bigbluebutton/api/<call> carries `checksum`: the hex digest of
  call name + the query string as sent (without the checksum parameter) + the shared secret;
  the algorithm is told by the digest's length (sha1 40, sha256 64, sha384 96, sha512 128) and
  must be one the server supports. Anything else: FAILED / checksumError, as bbb-web answers.
- create (idempotent: the same meetingID again answers SUCCESS with messageKey duplicateWarning),
  join (role VIEWER/MODERATOR, or the old passwords; redirect=true answers 302 to the client),
  getMeetingInfo, isMeetingRunning, getMeetings, end. XML answers with returncode SUCCESS/FAILED.
- The client: GET /html5client/join?sessionToken=… (where join redirects) puts the person into the
  meeting, as the HTML5 client does when it connects. `leave(meeting_id, user_id)` takes them out.
- A meeting ends when `end` is called or `finish()` is (the last user left / the duration ran out);
  then bbb-web calls meta_endCallbackUrl with GET ?meetingID=…&recordingmarks=false.
- `fail_next(status)` answers the next API call with that HTTP status (a broken proxy in front).
- A meeting nobody has joined ends `meetingExpireIfNoUserJoinedInMinutes` (create parameter,
  default 5; an unreadable value is the default, as bbb-web reads it) after its creation, as
  bbb-web's expiry check does, end callback included. The server's clock is the real one moved by
  `advance(minutes)`.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import urlopen
from xml.sax.saxutils import escape

ALGORITHMS = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}


@dataclass
class Attendee:
    internal_id: str
    user_id: str
    full_name: str
    role: str


@dataclass
class Meeting:
    meeting_id: str
    internal_id: str
    name: str
    create_time: int
    duration: int
    attendee_pw: str
    moderator_pw: str
    metadata: dict
    params: dict
    expire_unjoined: int = 5   # meetingExpireIfNoUserJoinedInMinutes
    attendees: dict = field(default_factory=dict)   # internal id → Attendee
    start_time: int = 0
    end_time: int = 0
    forcibly_ended: bool = False
    ended: bool = False


class BbbServer:
    def __init__(self, secret: str = "bbb-shared-secret-for-tests", algorithms=("sha1", "sha256")):
        self.secret = secret
        self.algorithms = set(algorithms)
        self.meetings: dict[str, Meeting] = {}
        self.ended: list[Meeting] = []        # meetings that ended, in order
        self.calls: list[tuple[str, dict]] = []   # (call, params) of every call that passed the checksum
        self.refused: list[str] = []          # calls refused for their checksum
        self.callbacks: list[tuple[str, int | str]] = []  # (url, status or error) of end callbacks
        self.sessions: dict[str, tuple[str, Attendee]] = {}  # session token → (meetingID, attendee)
        self._fail: list[int] = []
        self._offset_ms = 0
        self._lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    def __enter__(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server._handle(self)

            def do_POST(self):  # noqa: N802
                server._handle(self)

            def log_message(self, *args):
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_port}"

    @property
    def url(self) -> str:
        """What an administrator puts into BBB_URL (`bbb-conf --secret` prints it so)."""
        return f"{self.root}/bigbluebutton/"

    # --- what a test does ----------------------------------------------------------------------
    def fail_next(self, status: int = 503, times: int = 1) -> None:
        with self._lock:
            self._fail.extend([status] * times)

    def enter(self, client_url: str) -> Attendee:
        """The browser opens the client URL join redirected to (the HTML5 client connects)."""
        with urlopen(client_url, timeout=5) as answer:  # noqa: S310
            assert answer.status == 200
        token = parse_qs(urlsplit(client_url).query)["sessionToken"][0]
        return self.sessions[token][1]

    def leave(self, meeting_id: str, user_id: str) -> None:
        with self._lock:
            meeting = self.meetings[meeting_id]
            for key, attendee in list(meeting.attendees.items()):
                if attendee.user_id == user_id:
                    del meeting.attendees[key]

    def finish(self, meeting_id: str) -> None:
        """The meeting ends by itself (the last user left, or its duration ran out)."""
        self._end(meeting_id, forcibly=False)

    def now_ms(self) -> int:
        return int(time.time() * 1000) + self._offset_ms

    def advance(self, minutes: float) -> None:
        """Time passes on the server: meetings nobody joined in time expire."""
        with self._lock:
            self._offset_ms += int(minutes * 60_000)
        self._expire()

    def _expire(self) -> None:
        with self._lock:
            now = self.now_ms()
            due = [m.meeting_id for m in self.meetings.values()
                   if not m.start_time and (now - m.create_time) / 60_000 > m.expire_unjoined]
        for meeting_id in due:
            self._end(meeting_id, forcibly=False)

    def calls_named(self, name: str) -> list[dict]:
        return [params for call, params in self.calls if call == name]

    # --- the API -------------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        if parts.path == "/html5client/join":
            return self._client_join(request, parts.query)
        match = re.fullmatch(r"/bigbluebutton/api/?([A-Za-z]*)", parts.path)
        if not match:
            return self._send(request, 404, "text/plain", b"Not Found")
        with self._lock:
            if self._fail:
                return self._send(request, self._fail.pop(0), "text/html", b"<html>Bad Gateway</html>")
        self._expire()
        call = match.group(1)
        query = parts.query
        if request.command == "POST" and call != "create":
            length = int(request.headers.get("Content-Length") or 0)
            body = request.rfile.read(length).decode()
            if request.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                query = body
        if call == "":
            return self._xml(request, "<returncode>SUCCESS</returncode><version>2.0</version>"
                                      "<apiVersion>2.0</apiVersion><bbbVersion>3.0.0</bbbVersion>")
        if not self._checksum_ok(call, query):
            self.refused.append(call)
            return self._failed(request, "checksumError", "Checksums do not match")
        params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
        params.pop("checksum", None)
        with self._lock:
            self.calls.append((call, params))
            handler = getattr(self, "_api_" + call, None)
            if handler is None:
                return self._failed(request, "unsupportedRequest", "This request is not supported.")
            return handler(request, params)

    def _checksum_ok(self, call: str, query: str) -> bool:
        found = re.search(r"(?:^|&)checksum=([^&]*)", query)
        if not found:
            return False
        given = found.group(1).lower()
        algorithm = ALGORITHMS.get(len(given))
        if algorithm not in self.algorithms:
            return False
        # bbb-web removes "&checksum=…" (or "checksum=…&" when it comes first) from the raw query.
        rest = query.replace("&checksum=" + found.group(1), "").replace("checksum=" + found.group(1) + "&", "")
        if rest == query:
            rest = ""
        expected = hashlib.new(algorithm, (call + rest + self.secret).encode()).hexdigest()
        return secrets.compare_digest(expected, given)

    def _api_create(self, request, params):
        meeting_id = params.get("meetingID", "")
        if not meeting_id.strip():
            return self._failed(request, "missingParamMeetingID", "You must specify a meeting ID for the meeting.")
        if not params.get("name", "").strip():
            return self._failed(request, "missingParamName", "You must specify a name for the meeting.")
        if len(params["name"]) > 256 or len(meeting_id) > 256:
            return self._failed(request, "sizeError", "Meeting name or ID too long.")
        existing = self.meetings.get(meeting_id)
        if existing is not None:
            return self._xml(request, self._create_answer(existing) +
                             "<messageKey>duplicateWarning</messageKey><message>This conference was already "
                             "in existence and may currently be in progress.</message>")
        try:
            duration = int(params.get("duration") or 0)
        except ValueError:
            return self._failed(request, "invalidParam", "duration must be a number")
        try:
            expire_unjoined = int(params.get("meetingExpireIfNoUserJoinedInMinutes") or 5)
        except ValueError:
            expire_unjoined = 5
        meeting = Meeting(
            meeting_id=meeting_id, internal_id=hashlib.sha1(meeting_id.encode()).hexdigest() + f"-{int(time.time()*1000)}",  # noqa: S324
            name=params["name"], create_time=self.now_ms(), duration=duration, expire_unjoined=expire_unjoined,
            attendee_pw=params.get("attendeePW") or secrets.token_hex(4),
            moderator_pw=params.get("moderatorPW") or secrets.token_hex(4),
            metadata={k[5:].lower(): v for k, v in params.items() if k.startswith("meta_")},
            params=params,
        )
        self.meetings[meeting_id] = meeting
        return self._xml(request, self._create_answer(meeting) + "<messageKey></messageKey><message></message>")

    def _create_answer(self, m: Meeting) -> str:
        return (f"<returncode>SUCCESS</returncode><meetingID>{escape(m.meeting_id)}</meetingID>"
                f"<internalMeetingID>{m.internal_id}</internalMeetingID><parentMeetingID>bbb-none</parentMeetingID>"
                f"<attendeePW>{escape(m.attendee_pw)}</attendeePW><moderatorPW>{escape(m.moderator_pw)}</moderatorPW>"
                f"<createTime>{m.create_time}</createTime><voiceBridge>70757</voiceBridge><dialNumber>613-555-1234</dialNumber>"
                f"<createDate>now</createDate><hasUserJoined>{str(bool(m.start_time)).lower()}</hasUserJoined>"
                f"<duration>{m.duration}</duration><hasBeenForciblyEnded>false</hasBeenForciblyEnded>")

    def _api_join(self, request, params):
        for name, key in (("fullName", "missingParamFullName"), ("meetingID", "missingParamMeetingID")):
            if not params.get(name, "").strip():
                return self._failed(request, key, f"You must specify a {name}.")
        meeting = self.meetings.get(params["meetingID"])
        if meeting is None:
            return self._failed(request, "invalidMeetingIdentifier",
                                "The meeting ID that you supplied did not match any existing meetings")
        role = params.get("role", "").upper()
        if role not in ("VIEWER", "MODERATOR"):
            if params.get("password") == meeting.moderator_pw:
                role = "MODERATOR"
            elif params.get("password") == meeting.attendee_pw:
                role = "VIEWER"
            else:
                return self._failed(request, "invalidPassword", "You either did not supply a password or "
                                    "the password supplied is neither the attendee or moderator password for this conference.")
        internal = "w_" + secrets.token_hex(6)
        attendee = Attendee(internal, params.get("userID") or internal, params["fullName"], role)
        token = secrets.token_hex(8)
        self.sessions[token] = (meeting.meeting_id, attendee)
        client = f"{self.root}/html5client/join?sessionToken={token}"
        if params.get("redirect", "true") == "true":
            request.send_response(302)
            request.send_header("Location", client)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return None
        return self._xml(request, f"<returncode>SUCCESS</returncode><messageKey>successfullyJoined</messageKey>"
                                  f"<message>You have joined successfully.</message><meeting_id>{meeting.internal_id}</meeting_id>"
                                  f"<user_id>{internal}</user_id><auth_token>x</auth_token>"
                                  f"<session_token>{token}</session_token><url>{escape(client)}</url>")

    def _client_join(self, request, query):
        token = (parse_qs(query).get("sessionToken") or [""])[0]
        with self._lock:
            found = self.sessions.get(token)
            if found is None or found[0] not in self.meetings:
                return self._send(request, 401, "text/plain", b"invalid session token")
            meeting = self.meetings[found[0]]
            attendee = found[1]
            meeting.attendees[attendee.internal_id] = attendee
            if not meeting.start_time:
                meeting.start_time = self.now_ms()
        return self._send(request, 200, "text/html", b"<html><body>BigBlueButton client</body></html>")

    def _api_isMeetingRunning(self, request, params):  # noqa: N802
        meeting = self.meetings.get(params.get("meetingID", ""))
        running = meeting is not None and bool(meeting.attendees)
        return self._xml(request, f"<returncode>SUCCESS</returncode><running>{str(running).lower()}</running>")

    def _meeting_xml(self, m: Meeting) -> str:
        attendees = "".join(
            f"<attendee><userID>{escape(a.user_id)}</userID><fullName>{escape(a.full_name)}</fullName>"
            f"<role>{a.role}</role><isPresenter>false</isPresenter><isListeningOnly>false</isListeningOnly>"
            f"<hasJoinedVoice>true</hasJoinedVoice><hasVideo>false</hasVideo><clientType>HTML5</clientType></attendee>"
            for a in m.attendees.values())
        metadata = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in m.metadata.items() if re.fullmatch(r"[a-z][a-z0-9-]*", k))
        return (f"<meetingName>{escape(m.name)}</meetingName><meetingID>{escape(m.meeting_id)}</meetingID>"
                f"<internalMeetingID>{m.internal_id}</internalMeetingID><createTime>{m.create_time}</createTime>"
                f"<voiceBridge>70757</voiceBridge><attendeePW>{escape(m.attendee_pw)}</attendeePW>"
                f"<moderatorPW>{escape(m.moderator_pw)}</moderatorPW><running>{str(bool(m.attendees)).lower()}</running>"
                f"<duration>{m.duration}</duration><hasUserJoined>{str(bool(m.start_time)).lower()}</hasUserJoined>"
                f"<recording>false</recording><hasBeenForciblyEnded>{str(m.forcibly_ended).lower()}</hasBeenForciblyEnded>"
                f"<startTime>{m.start_time}</startTime><endTime>{m.end_time}</endTime>"
                f"<participantCount>{len(m.attendees)}</participantCount><listenerCount>0</listenerCount>"
                f"<voiceParticipantCount>{len(m.attendees)}</voiceParticipantCount><videoCount>0</videoCount>"
                f"<maxUsers>0</maxUsers><moderatorCount>{sum(a.role == 'MODERATOR' for a in m.attendees.values())}</moderatorCount>"
                f"<attendees>{attendees}</attendees><metadata>{metadata}</metadata><isBreakout>false</isBreakout>")

    def _api_getMeetingInfo(self, request, params):  # noqa: N802
        meeting = self.meetings.get(params.get("meetingID", ""))
        if meeting is None:
            return self._failed(request, "notFound", "We could not find a meeting with that meeting ID")
        return self._xml(request, "<returncode>SUCCESS</returncode>" + self._meeting_xml(meeting))

    def _api_getMeetings(self, request, params):  # noqa: N802
        if not self.meetings:
            return self._xml(request, "<returncode>SUCCESS</returncode><meetings/><messageKey>noMeetings</messageKey>"
                                      "<message>no meetings were found on this server</message>")
        body = "".join(f"<meeting>{self._meeting_xml(m)}</meeting>" for m in self.meetings.values())
        return self._xml(request, f"<returncode>SUCCESS</returncode><meetings>{body}</meetings>")

    def _api_end(self, request, params):
        meeting_id = params.get("meetingID", "")
        if not meeting_id.strip():
            return self._failed(request, "missingParamMeetingID", "You must specify a meeting ID for the meeting.")
        if meeting_id not in self.meetings:
            return self._failed(request, "notFound", "We could not find a meeting with that meeting ID - "
                                "perhaps the meeting is not yet running?")
        threading.Thread(target=self._end, args=(meeting_id, True), daemon=True).start()
        return self._xml(request, "<returncode>SUCCESS</returncode><messageKey>sentEndMeetingRequest</messageKey>"
                                  "<message>A request to end the meeting was sent.  Please wait a few seconds, and then "
                                  "use the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.</message>")

    def _end(self, meeting_id: str, forcibly: bool) -> None:
        with self._lock:
            meeting = self.meetings.pop(meeting_id, None)
            if meeting is None:
                return
            meeting.attendees.clear()
            meeting.ended = True
            meeting.forcibly_ended = forcibly
            meeting.end_time = self.now_ms()
            self.ended.append(meeting)
        callback = meeting.metadata.get("endcallbackurl")
        if callback:
            joiner = "&" if "?" in callback else "?"
            url = callback + joiner + urlencode({"meetingID": meeting.meeting_id, "recordingmarks": "false"})
            try:
                with urlopen(url, timeout=10) as answer:  # noqa: S310
                    self.callbacks.append((url, answer.status))
            except Exception as exc:  # noqa: BLE001
                self.callbacks.append((url, getattr(exc, "code", None) or repr(exc)))

    def wait_ended(self, meeting_id: str, timeout: float = 5) -> Meeting:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for meeting in self.ended:
                    if meeting.meeting_id == meeting_id and (
                            not meeting.metadata.get("endcallbackurl") or
                            any(meeting_id in url for url, _ in self.callbacks)):
                        return meeting
            time.sleep(0.02)
        raise AssertionError(f"meeting {meeting_id} did not end")

    # --- answers -------------------------------------------------------------------------------
    def _failed(self, request, key: str, message: str):
        return self._xml(request, f"<returncode>FAILED</returncode><messageKey>{key}</messageKey>"
                                  f"<message>{escape(message)}</message>")

    def _xml(self, request, inner: str):
        body = f"<response>{inner}</response>".encode()
        return self._send(request, 200, "text/xml;charset=utf-8", body)

    def _send(self, request, status, content_type, body: bytes):
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)
