"""Jitsi through the app: `flask vc sync` gives the session a room, the tracked join redirect hands
each person their own token (decoded here with PyJWT as prosody's token plugin would check it),
and the organiser is told there is no attendance report."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from lokakarya.events.models import Meeting
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from lokakarya.vc import queue
from tests.conftest import login
from tests.events.factories import make_event, make_registration

JITSI = {"JITSI_URL": "https://meet.pemda.example.go.id", "JITSI_APP_ID": "lokakarya",
         "JITSI_APP_SECRET": "jitsi-app-secret-for-the-lokakarya-tests-0123"}


def schedule(app, make_user, start):
    owner = make_user("organiser", email="panitia@kemendagri.example.go.id")
    with app.app_context():
        event = make_event(slug="lokakarya-jitsi", sessions=2, start=start, minutes=45, meeting=False,
                           created_by_id=owner.id)
        session = event.sessions[0]
        meeting = Meeting(event_id=event.id, session_id=session.id, provider="jitsi", join_url="")
        db.session.add(meeting)
        db.session.flush()
        queue.requested(meeting, "jitsi")
        registration = make_registration(event)
        registration.name = "Siti Rahayu"
        db.session.commit()
        return {"slug": event.slug, "session": session.id, "ends": session.ends_at, "meeting": meeting.id,
                "token": registration.token, "registration": registration.id}


def sync(app):
    result = app.test_cli_runner().invoke(args=["vc", "sync"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return db.session.execute(db.select(Meeting)).scalar_one().join_url


def test_room_and_personal_token(make_app, make_user):
    app = make_app(**JITSI)
    plan = schedule(app, make_user, now_utc() + timedelta(minutes=10))
    room_url = sync(app)
    assert room_url.startswith("https://meet.pemda.example.go.id/sesi-1-")
    answer = app.test_client().get(f"/r/{plan['token']}/join/{plan['session']}")
    assert answer.status_code == 303
    location = answer.headers["Location"]
    assert location.startswith(room_url + "?jwt=")
    claims = jwt.decode(parse_qs(urlsplit(location).query)["jwt"][0], JITSI["JITSI_APP_SECRET"],
                        algorithms=["HS256"], audience="jitsi", issuer="lokakarya")
    assert claims["room"] == room_url.rsplit("/", 1)[1] and claims["sub"] == "meet.pemda.example.go.id"
    assert claims["context"]["user"] == {"id": str(plan["registration"]), "name": "Siti Rahayu",
                                         "email": "peserta1@example.go.id"}
    assert claims["moderator"] is False
    assert plan["ends"].timestamp() < claims["exp"] <= (plan["ends"] + timedelta(hours=1)).timestamp()
    # The page the participant sees never carries the token or the secret.
    page = app.test_client().get(f"/r/{plan['token']}").get_data(as_text=True)
    assert "jwt=" not in page and JITSI["JITSI_APP_SECRET"] not in page


def test_no_token_without_an_app_secret(make_app, make_user):
    app = make_app(JITSI_URL="https://meet.pemda.example.go.id")
    plan = schedule(app, make_user, now_utc() + timedelta(minutes=10))
    room_url = sync(app)
    answer = app.test_client().get(f"/r/{plan['token']}/join/{plan['session']}")
    assert answer.headers["Location"] == room_url + "#userInfo.displayName=%22Siti%20Rahayu%22"


@pytest.mark.parametrize(("lang", "text"), [
    ("id", "Jitsi Meet: tidak ada laporan kehadiran; gunakan check-in dan tautan bergabung."),
    ("en", "Jitsi Meet: no attendance report; use check-in and join links."),
])
def test_organiser_is_told_there_is_no_attendance_report(make_app, make_user, lang, text):
    app = make_app(**JITSI)
    plan = schedule(app, make_user, now_utc() + timedelta(minutes=10))
    sync(app)
    client = app.test_client()
    login(client, "panitia@kemendagri.example.go.id")
    page = client.get(f"/events/{plan['slug']}/attendance?lang={lang}").get_data(as_text=True)
    note = page.split('data-testid="no-report"', 1)[1].split("</p>", 1)[0]
    assert text in note and "Sesi 1" in note and "Sesi 2" not in note  # Sesi 2 has no meeting
    page = client.get(f"/events/{plan['slug']}/meetings?lang={lang}").get_data(as_text=True)
    assert text.replace("Jitsi Meet", "Jitsi") in page


def test_moderator_link_only_for_the_owner(make_app, make_user):
    app = make_app(**JITSI)
    plan = schedule(app, make_user, now_utc() + timedelta(minutes=10))
    room_url = sync(app)
    make_user("organiser", email="lain@kemendagri.example.go.id")
    other = app.test_client()
    login(other, "lain@kemendagri.example.go.id")
    host = f"/events/{plan['slug']}/meetings/{plan['meeting']}/host"
    assert other.post(host).status_code == 403
    assert app.test_client().post(host).status_code in (302, 401)  # not signed in: to the login page
    owner = app.test_client()
    login(owner, "panitia@kemendagri.example.go.id")
    assert owner.get(host).status_code == 405  # only a POST makes the link
    answer = owner.post(host)
    assert answer.status_code == 303 and answer.headers["Location"].startswith(room_url + "?jwt=")
    claims = jwt.decode(parse_qs(urlsplit(answer.headers["Location"]).query)["jwt"][0],
                        JITSI["JITSI_APP_SECRET"], algorithms=["HS256"], audience="jitsi")
    assert claims["moderator"] is True and claims["context"]["user"]["affiliation"] == "owner"
    # Participants' links never are.
    participant = app.test_client().get(f"/r/{plan['token']}/join/{plan['session']}").headers["Location"]
    assert jwt.decode(parse_qs(urlsplit(participant).query)["jwt"][0], options={"verify_signature": False})[
        "moderator"] is False
