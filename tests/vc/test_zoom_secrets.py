"""The host's start URL, Zoom's client secret and the meeting's host passwords never appear in a
page, feed, mail, API answer or export; a participant gets only their own join URL. Every GET
route of the app that takes an event slug, a session id and/or a token is fetched, as the
organiser and as a participant, and searched (exports unzipped)."""
from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

from lokakarya.events.models import Meeting
from lokakarya.extensions import db
from lokakarya.mail.models import OutboxMessage
from lokakarya.timeutil import now_utc
from tests.conftest import login
from tests.vc.test_zoom_flow import api_session, cli, setup_event, token_for


def _texts(body: bytes) -> str:
    if body[:2] == b"PK":  # xlsx / zip exports
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return body.decode("utf-8", "replace")


def _get_urls(app, slug, session_id, token):
    values = {"slug": slug, "session_id": session_id, "token": token, "fmt": "xlsx", "ext": "xlsx"}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(values):
            continue
        try:
            yield rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        except Exception:  # noqa: S112 - a converter that refuses our value: not this route
            continue


def test_no_secret_anywhere(zapp, zoom, make_user):
    ctx = setup_event(zapp, make_user, sessions=0, people=2)
    organiser_token = token_for(zapp, ctx["organiser"])
    answer = api_session(zapp, organiser_token, ctx["slug"], now_utc() + timedelta(minutes=10))
    cli(zapp, "vc", "sync")
    (made,) = zoom.meetings.values()
    with zapp.app_context():
        meeting = db.session.execute(db.select(Meeting)).scalar_one()
        stored = json.loads(meeting.host_secrets)
        mails = [m.subject + json.dumps(m.draft, default=str) for m in
                 db.session.execute(db.select(OutboxMessage)).scalars()]
    assert stored["start_url"] == made["start_url"]  # kept for the host, …
    secrets = [made["start_url"], made["start_url"].split("zak=")[1], made["encrypted_password"],
               zoom.client_secret]
    (siti, siti_token, _), (budi, budi_token, _) = ctx["regs"]
    people = {p["email"]: p["join_url"] for p in zoom.registrants[made["id"]].values()}

    organiser = zapp.test_client()
    login(organiser, ctx["organiser"].email)
    participant = zapp.test_client()
    seen = 0
    for who, client in (("organiser", organiser), ("participant", participant)):
        for url in _get_urls(zapp, ctx["slug"], answer["id"], siti_token):
            response = client.get(url, headers={"Authorization": f"Bearer {organiser_token}"}
                                  if who == "organiser" and url.startswith("/api/") else {})
            text = _texts(response.get_data()) + response.headers.get("Location", "")
            for secret in secrets:
                assert secret not in text, (who, url)
            # Siti's pages never carry Budi's personal join URL.
            assert people["peserta2@example.go.id"] not in text, (who, url)
            seen += 1
    assert seen > 30
    assert mails  # the new session's invitations
    for text in mails:
        for secret in secrets:
            assert secret not in text, "mail"
    # … and the participant's redirect leads to her own URL, never the start URL.
    response = participant.get(f"/r/{siti_token}/join/{answer['id']}")
    assert response.headers["Location"] == people["peserta1@example.go.id"]
    logged = re.findall(r"zak=\w+", cli(zapp, "vc", "sync"))
    assert logged == []
