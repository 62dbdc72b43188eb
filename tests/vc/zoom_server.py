"""A strict stand-in for Zoom's API v2 and its Server-to-Server OAuth, on a free local port.

Implements what Lokakarya calls, as Zoom documents and answers it:
- POST /oauth/token?grant_type=account_credentials&account_id=… with Basic client_id:client_secret
  → {access_token, token_type: bearer, expires_in, scope, api_url}; wrong credentials → 400
  {reason, error: invalid_client}. Tokens expire (`token_ttl`, `expire_tokens()`); an expired or
  unknown token → 401 {code: 124, message: "Invalid access token."}.
- POST /v2/users/{userId}/meetings (userId "me" or a known host e-mail): topic (string ≤ 200),
  type 2 needs start_time (ISO 8601, "Z" or an offset), duration (integer), timezone (string),
  settings.approval_type (0, 1, 2). 201 with id (integer), uuid, host_id, start_url, join_url,
  password, registration_url… Bad input → 400 {code: 300, message}.
- GET /v2/users/{userId}/meetings?type=upcoming&page_size&next_page_token (items without start_url)
- GET/PATCH/DELETE /v2/meetings/{meetingId}: PATCH and DELETE answer 204; unknown → 404 code 3001.
- POST /v2/meetings/{meetingId}/registrants {email, first_name, …} → 201 {id, registrant_id,
  join_url, topic, start_time}; the same e-mail again → the same registrant (as Zoom does).
  Registration off (approval_type 2) → 400 code 3000.
- PUT /v2/meetings/{meetingId}/registrants/status {action: approve|cancel|deny, registrants:
  [{id, email}]} → 204.
- GET /v2/past_meetings/{meetingId}/instances → {meetings: [{uuid, start_time}]}.
- GET /v2/report/meetings/{meetingUUID}/participants?page_size (1-300, default 30)&next_page_token
  → {page_count, page_size, total_records, next_page_token, participants: [...]}. A UUID that
  begins with "/" or contains "//" must be encoded twice (once is a different path: 404 3001).
  Until `report_ready` the report is 404 {code: 3001, message: "Meeting does not exist…"}.
Test controls: `rate_limit(n, retry_after)` (429 with Retry-After), `fail(n, status)`,
`expire_tokens()`, `end_meeting(id, participants, uuid=…)`, `calls`, `meetings`, `registrants`.
"""
from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ZoomServer:
    def __init__(self, account_id="acc-1", client_id="client-1", client_secret="s3cret-client",
                 hosts=("host@kemendagri.example.go.id",), token_ttl=3599):
        self.account_id, self.client_id, self.client_secret = account_id, client_id, client_secret
        self.hosts = set(hosts)
        self.token_ttl = token_ttl
        self.tokens: dict[str, float] = {}   # token → expires (epoch seconds)
        self.grants = 0
        self.meetings: dict[int, dict] = {}
        self.registrants: dict[int, dict[str, dict]] = {}  # meeting id → registrant id → data
        self.instances: dict[int, list[dict]] = {}         # meeting id → [{uuid, start_time}]
        self.reports: dict[str, list[dict]] = {}           # uuid → participants
        self.report_not_ready = 0                          # answers 404 to this many report calls
        self.calls: list[tuple[str, str]] = []
        self.deleted: list[int] = []
        self._rate_limited, self._retry_after = 0, 1
        self._failures: list[int] = []
        self._next_id = 85120201112
        self._page_tokens: dict[str, tuple[str, int]] = {}
        self.lock = threading.RLock()
        self.create_delay = 0.0
        self.refused: list[tuple[int, str]] = []

    # --- test controls ---------------------------------------------------------------------
    def __enter__(self) -> ZoomServer:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def config(self, **overrides) -> dict:
        config = {"ZOOM_ACCOUNT_ID": self.account_id, "ZOOM_CLIENT_ID": self.client_id,
                  "ZOOM_CLIENT_SECRET": self.client_secret, "ZOOM_HOST_EMAIL": sorted(self.hosts)[0],
                  "ZOOM_API_URL": self.base + "/v2", "ZOOM_OAUTH_URL": self.base + "/oauth/token",
                  "VC_TIMEOUT": 5}
        config.update(overrides)
        return config

    def rate_limit(self, count: int, retry_after: int = 1) -> None:
        self._rate_limited, self._retry_after = count, retry_after

    def fail(self, count: int, status: int = 500) -> None:
        self._failures.extend([status] * count)

    def expire_tokens(self) -> None:
        with self.lock:
            for token in self.tokens:
                self.tokens[token] = 0

    def end_meeting(self, meeting_id: int, participants: list[dict], uuid: str | None = None,
                    start_time: str = "") -> str:
        """The meeting took place: an instance with its participants report."""
        uuid = uuid or base64.b64encode(secrets.token_bytes(16)).decode()
        with self.lock:
            self.instances.setdefault(meeting_id, []).append({"uuid": uuid, "start_time": start_time})
            self.reports[uuid] = participants
        return uuid

    def calls_to(self, method: str, prefix: str) -> list[str]:
        return [p for m, p in self.calls if m == method and p.startswith(prefix)]


def _handler(server: ZoomServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def _answer(self, status: int, body=None, headers=None) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", "application/json;charset=UTF-8")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the caller gave up waiting
                return
            if status >= 400:
                server.refused.append((status, self.path))

        def _body(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not raw:
                return None
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                return "bad"
            try:
                return json.loads(raw)
            except ValueError:
                return "bad"

        def do_POST(self):
            self._dispatch("POST")

        def do_GET(self):
            self._dispatch("GET")

        def do_PATCH(self):
            self._dispatch("PATCH")

        def do_DELETE(self):
            self._dispatch("DELETE")

        def do_PUT(self):
            self._dispatch("PUT")

        def _dispatch(self, method: str) -> None:
            parts = urlsplit(self.path)
            raw_path, query = parts.path, parse_qs(parts.query)
            body = self._body()
            with server.lock:
                server.calls.append((method, raw_path))
            if raw_path == "/oauth/token":
                return self._token(method, query)
            if not raw_path.startswith("/v2/"):
                return self._answer(404, {"code": 404, "message": "Not found"})
            auth = self.headers.get("Authorization") or ""
            token = auth[7:] if auth.startswith("Bearer ") else ""
            with server.lock:
                expires = server.tokens.get(token)
            if expires is None or expires <= datetime.now(UTC).timestamp():
                return self._answer(401, {"code": 124, "message": "Invalid access token."})
            with server.lock:
                if server._failures:
                    return self._answer(server._failures.pop(0), {"code": 500, "message": "Internal error"})
                if server._rate_limited:
                    server._rate_limited -= 1
                    return self._answer(429, {"code": 429, "message": "You have reached the maximum per-second "
                                              "rate limit for this API. Try again later."},
                                        {"Retry-After": str(server._retry_after)})
            if body == "bad":
                return self._answer(400, {"code": 300, "message": "Request Body should be a valid JSON object."})
            segments = raw_path[4:].split("/")
            return self._api(method, segments, query, body)

        def _token(self, method, query):
            if method != "POST":
                return self._answer(405, {"reason": "Method not allowed"})
            expected = base64.b64encode(f"{server.client_id}:{server.client_secret}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                return self._answer(400, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"})
            if query.get("grant_type") != ["account_credentials"]:
                return self._answer(400, {"reason": "Unsupported grant type", "error": "unsupported_grant_type"})
            if query.get("account_id") != [server.account_id]:
                return self._answer(400, {"reason": "Invalid account_id", "error": "invalid_request"})
            token = secrets.token_urlsafe(24)
            with server.lock:
                server.tokens[token] = datetime.now(UTC).timestamp() + server.token_ttl
                server.grants += 1
            return self._answer(200, {"access_token": token, "token_type": "bearer",
                                      "expires_in": server.token_ttl, "scope": "meeting:write:admin report:read:admin",
                                      "api_url": "https://api.zoom.us"})

        # --- the API -------------------------------------------------------------------------
        def _api(self, method, seg, query, body):
            if seg[0] == "users" and len(seg) == 3 and seg[2] == "meetings":
                user = unquote(seg[1])
                if user != "me" and user not in server.hosts:
                    return self._answer(404, {"code": 1001, "message": f"User does not exist: {user}."})
                if method == "POST":
                    return self._create(user, body)
                if method == "GET":
                    return self._list(user, query)
            if seg[0] == "meetings" and len(seg) >= 2:
                meeting = self._meeting(seg[1])
                if meeting is None:
                    return self._answer(404, {"code": 3001, "message": f"Meeting does not exist: {unquote(seg[1])}."})
                if len(seg) == 2:
                    if method == "GET":
                        return self._answer(200, meeting)
                    if method == "PATCH":
                        return self._patch(meeting, body)
                    if method == "DELETE":
                        with server.lock:
                            del server.meetings[meeting["id"]]
                            server.deleted.append(meeting["id"])
                        return self._answer(204)
                if seg[2:] == ["registrants"] and method == "POST":
                    return self._register(meeting, body)
                if seg[2:] == ["registrants", "status"] and method == "PUT":
                    return self._status(meeting, body)
            if seg[0] == "past_meetings" and seg[2:] == ["instances"] and method == "GET":
                found = server.instances.get(int(seg[1])) if seg[1].isdigit() else None
                return self._answer(200, {"meetings": list(found or [])})
            if seg[0] == "report" and seg[1:2] == ["meetings"] and seg[3:] == ["participants"] and method == "GET":
                return self._report(seg[2], query)
            return self._answer(404, {"code": 404, "message": "Not found"})

        def _meeting(self, raw_id: str):
            meeting_id = unquote(raw_id)
            return server.meetings.get(int(meeting_id)) if meeting_id.isdigit() else None

        def _check(self, body, creating: bool) -> str | None:
            if not isinstance(body, dict):
                return "Request Body should be a valid JSON object."
            if creating and not isinstance(body.get("topic"), str):
                return "topic is required"
            if "topic" in body and (not isinstance(body["topic"], str) or len(body["topic"]) > 200):
                return "Invalid field: topic"
            kind = body.get("type", 2 if creating else None)
            if kind is not None and kind not in (1, 2, 3, 8):
                return "Invalid field: type"
            if creating and kind == 2 and "start_time" not in body:
                return "start_time is required for a scheduled meeting"
            if "start_time" in body and not (isinstance(body["start_time"], str) and ISO.match(body["start_time"])):
                return "Invalid field: start_time"
            if "duration" in body and (type(body["duration"]) is not int or body["duration"] < 0):
                return "Invalid field: duration"
            if "timezone" in body and not isinstance(body["timezone"], str):
                return "Invalid field: timezone"
            if "agenda" in body and (not isinstance(body["agenda"], str) or len(body["agenda"]) > 2000):
                return "Invalid field: agenda"
            settings = body.get("settings", {})
            if not isinstance(settings, dict):
                return "Invalid field: settings"
            if "approval_type" in settings and settings["approval_type"] not in (0, 1, 2):
                return "Invalid field: settings.approval_type"
            return None

        def _create(self, user, body):
            problem = self._check(body, creating=True)
            if problem:
                return self._answer(400, {"code": 300, "message": problem})
            with server.lock:
                server._next_id += 1
                meeting_id = server._next_id
                uuid = base64.b64encode(secrets.token_bytes(16)).decode()
                password = secrets.token_hex(3)
                settings = {"approval_type": 2, "registration_type": 1, **body.get("settings", {})}
                meeting = {
                    "uuid": uuid, "id": meeting_id, "host_id": "host-" + secrets.token_hex(4),
                    "host_email": user if user != "me" else sorted(server.hosts)[0],
                    "topic": body["topic"], "type": body.get("type", 2), "status": "waiting",
                    "start_time": body["start_time"].replace("+00:00", "Z"), "duration": body.get("duration", 60),
                    "timezone": body.get("timezone", "UTC"), "agenda": body.get("agenda", ""),
                    "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "start_url": f"https://zoom.example/s/{meeting_id}?zak=ZAK{secrets.token_hex(12)}",
                    "join_url": f"https://zoom.example/j/{meeting_id}?pwd={secrets.token_hex(8)}",
                    "registration_url": f"https://zoom.example/meeting/register/{secrets.token_hex(6)}",
                    "password": password, "h323_password": password,
                    "encrypted_password": "ENC" + secrets.token_hex(10), "settings": settings,
                }
                server.meetings[meeting_id] = meeting
            if server.create_delay:  # made, but the answer comes too late for the caller
                time.sleep(server.create_delay)
            return self._answer(201, meeting)

        def _list(self, user, query):
            size = int((query.get("page_size") or ["30"])[0])
            token = (query.get("next_page_token") or [""])[0]
            items = [{k: m[k] for k in ("uuid", "id", "host_id", "topic", "type", "start_time", "duration",
                                        "timezone", "agenda", "created_at", "join_url")}
                     for m in sorted(server.meetings.values(), key=lambda m: m["id"])
                     if user == "me" or m["host_email"] == user]
            offset = server._page_tokens.pop(token, ("", 0))[1] if token else 0
            page = items[offset:offset + size]
            following = ""
            if offset + size < len(items):
                following = secrets.token_urlsafe(12)
                server._page_tokens[following] = ("list", offset + size)
            return self._answer(200, {"page_size": size, "total_records": len(items),
                                      "next_page_token": following, "meetings": page})

        def _patch(self, meeting, body):
            problem = self._check(body, creating=False)
            if problem:
                return self._answer(400, {"code": 300, "message": problem})
            with server.lock:
                for key in ("topic", "type", "start_time", "duration", "timezone", "agenda"):
                    if key in body:
                        meeting[key] = body[key]
                meeting["settings"].update(body.get("settings") or {})
            return self._answer(204)

        def _register(self, meeting, body):
            if not isinstance(body, dict) or not isinstance(body.get("email"), str) \
                    or not EMAIL.match(body["email"]):
                return self._answer(400, {"code": 300, "message": "Invalid field: email"})
            if not isinstance(body.get("first_name"), str) or not body["first_name"]:
                return self._answer(400, {"code": 300, "message": "first_name is required"})
            if meeting["settings"].get("approval_type") == 2:
                return self._answer(400, {"code": 3000, "message": "Registration has not been enabled for this meeting"})
            with server.lock:
                people = server.registrants.setdefault(meeting["id"], {})
                person = next((p for p in people.values() if p["email"].lower() == body["email"].lower()), None)
                if person is None:
                    registrant_id = secrets.token_urlsafe(16)
                    person = {"id": registrant_id, "email": body["email"], "first_name": body["first_name"],
                              "last_name": body.get("last_name", ""), "org": body.get("org", ""),
                              "status": "approved",
                              "join_url": f"https://zoom.example/w/{meeting['id']}?tk={secrets.token_urlsafe(20)}"}
                    people[registrant_id] = person
                person["status"] = "approved"
            return self._answer(201, {"id": meeting["id"], "registrant_id": person["id"],
                                      "join_url": person["join_url"], "topic": meeting["topic"],
                                      "start_time": meeting["start_time"], "occurrences": []})

        def _status(self, meeting, body):
            if not isinstance(body, dict) or body.get("action") not in ("approve", "cancel", "deny") \
                    or not isinstance(body.get("registrants"), list):
                return self._answer(400, {"code": 300, "message": "Invalid field: action"})
            with server.lock:
                people = server.registrants.get(meeting["id"], {})
                for item in body["registrants"]:
                    person = people.get(item.get("id")) or next(
                        (p for p in people.values() if p["email"] == item.get("email")), None)
                    if person is not None:
                        person["status"] = {"cancel": "cancelled", "deny": "denied"}.get(body["action"], "approved")
            return self._answer(204)

        def _report(self, raw_segment, query):
            once = unquote(raw_segment)
            uuid = unquote(once) if "%" in once else once
            needs_twice = uuid.startswith("/") or "//" in uuid
            if needs_twice and "%" not in once:
                uuid = None  # encoded once: Zoom reads another path
            try:
                size = int((query.get("page_size") or ["30"])[0])
            except ValueError:
                size = 0
            if not 1 <= size <= 300:
                return self._answer(400, {"code": 300, "message": "Invalid field: page_size"})
            with server.lock:
                if server.report_not_ready:
                    server.report_not_ready -= 1
                    return self._answer(404, {"code": 3001, "message": "Meeting does not exist: report not ready."})
                people = server.reports.get(uuid) if uuid else None
                if people is None:
                    return self._answer(404, {"code": 3001, "message": f"Meeting does not exist: {once}."})
                token = (query.get("next_page_token") or [""])[0]
                offset = 0
                if token:
                    kept = server._page_tokens.pop(token, None)
                    if kept is None or kept[0] != uuid:
                        return self._answer(400, {"code": 300, "message": "Invalid next_page_token"})
                    offset = kept[1]
                page = people[offset:offset + size]
                following = ""
                if offset + size < len(people):
                    following = secrets.token_urlsafe(12)
                    server._page_tokens[following] = (uuid, offset + size)
            return self._answer(200, {"page_count": -(-len(people) // size), "page_size": size,
                                      "total_records": len(people), "next_page_token": following,
                                      "participants": page})

    return Handler
