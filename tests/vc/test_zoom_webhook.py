"""Zoom webhooks: signed requests only; the URL validation handshake; participants joining and
leaving give a live view (source "live") that the pulled report later replaces."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, timedelta

from lokakarya.attendance.models import Attendance
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from tests.vc.test_zoom_flow import api_session, cli, iso, setup_event, token_for

SECRET = "webhook-secret-token"


def signed(body: dict, secret: str = SECRET, timestamp: int | None = None) -> tuple[bytes, dict]:
    raw = json.dumps(body).encode()
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return raw, {"x-zm-request-timestamp": stamp, "x-zm-signature": f"v0={digest}",
                 "Content-Type": "application/json"}


def test_url_validation_and_bad_signatures(make_app, zoom):
    app = make_app(**zoom.config(ZOOM_WEBHOOK_SECRET=SECRET))
    client = app.test_client()
    body = {"event": "endpoint.url_validation", "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"},
            "event_ts": 1654503849680}
    raw, headers = signed(body)
    response = client.post("/vc/zoom/webhook", data=raw, headers=headers)
    assert response.status_code == 200
    assert response.get_json() == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()}
    raw, headers = signed(body, secret="not-the-secret")
    assert client.post("/vc/zoom/webhook", data=raw, headers=headers).status_code == 401
    raw, headers = signed(body, timestamp=int(time.time()) - 3600)  # replayed an hour later
    assert client.post("/vc/zoom/webhook", data=raw, headers=headers).status_code == 401
    raw, headers = signed(body)
    tampered = raw.replace(b"qgg8", b"xxxx")
    assert client.post("/vc/zoom/webhook", data=tampered, headers=headers).status_code == 401
    assert client.post("/vc/zoom/webhook", data=raw).status_code == 401
    # Without a secret configured the endpoint does not exist.
    assert make_app(**zoom.config()).test_client().post("/vc/zoom/webhook", data=raw,
                                                         headers=headers).status_code == 404


def test_joins_and_leaves_give_a_live_view_the_report_replaces(make_app, zoom, make_user):
    app = make_app(**zoom.config(ZOOM_WEBHOOK_SECRET=SECRET))
    start = now_utc().replace(microsecond=0) + timedelta(minutes=5)
    ctx = setup_event(app, make_user, sessions=0, people=1)
    answer = api_session(app, token_for(app, ctx["organiser"]), ctx["slug"], start)
    cli(app, "vc", "sync")
    (made,) = zoom.meetings.values()
    (siti, _, siti_email), = ctx["regs"]
    client = app.test_client()

    def notice(kind, at):
        stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = {"event": f"meeting.participant_{kind}", "event_ts": int(time.time() * 1000),
                "payload": {"account_id": "acc-1", "object": {
                    "id": str(made["id"]), "uuid": made["uuid"], "topic": made["topic"],
                    "participant": {"user_name": "Siti Rahayu", "email": siti_email, "participant_uuid": "p-1",
                                    "join_time" if kind == "joined" else "leave_time": stamp}}}}
        raw, headers = signed(body)
        assert client.post("/vc/zoom/webhook", data=raw, headers=headers).status_code == 204

    notice("joined", start + timedelta(minutes=2))
    notice("left", start + timedelta(minutes=32))
    with app.app_context():
        row = db.session.execute(db.select(Attendance)).scalar_one()
        assert (row.registration_id, row.source, row.minutes) == (siti, "live", 30)
    zoom.end_meeting(made["id"], [{"name": "Siti Rahayu", "user_email": siti_email, "id": "",
                                   "join_time": (start + timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                   "leave_time": (start + timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                   "duration": 2880}])
    cli(app, "attendance", "pull", "--now", iso(start + timedelta(minutes=70)))
    with app.app_context():
        rows = {(a.source, a.minutes) for a in db.session.execute(
            db.select(Attendance).where(Attendance.session_id == answer["id"])).scalars()}
    assert rows == {("zoom", 48)}
