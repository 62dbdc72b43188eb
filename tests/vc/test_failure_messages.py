"""What an organiser reads when a provider call fails: our words in their language (Indonesian,
or English when chosen), the provider's own words apart and verbatim; the API gives a stable
`error_code` beside the message in the request's language. Real failures against the local
servers: a time-out, a server that is down, and a row stored before failures had codes."""
import html
import socket
from datetime import timedelta

from lokakarya.events.models import Meeting
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from tests.conftest import login
from tests.vc.test_bbb_flow import api_token, schedule
from tests.vc.test_zoom_flow import FUTURE, api_session, cli, setup_event


def row_of(client, slug, meeting_id, lang):
    page = client.get(f"/events/{slug}/meetings?lang={lang}").get_data(as_text=True)
    return html.unescape(page.split(f'data-testid="meeting-{meeting_id}"', 1)[1].split("</tr>", 1)[0])


def api_meeting(app, token, slug, lang):
    answer = app.test_client().get(f"/api/v1/events/{slug}/sessions?lang={lang}",
                                   headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    return answer.get_json()["data"][0]["meeting"]


def test_a_timeout_reads_in_each_language_on_the_page_and_in_the_api(make_app, zoom, make_user):
    app = make_app(**zoom.config(VC_TIMEOUT=0.5))
    zoom.create_delay = 1.5  # Zoom answers after our time-out
    ctx = setup_event(app, make_user, sessions=0, people=0)
    token = api_token(app, ctx["organiser"])
    made = api_session(app, token, ctx["slug"], FUTURE)
    assert "retry 1" in cli(app, "vc", "sync")
    with app.app_context():
        meeting_id = db.session.execute(db.select(Meeting.id).where(Meeting.session_id == made["id"])).scalar_one()
    client = app.test_client()
    login(client, ctx["organiser"].email)
    said = {"id": "Membuat rapat: Zoom (127.0.0.1) tidak menjawab dalam 0.5 detik.",
            "en": "Creating the meeting: Zoom (127.0.0.1) did not answer within 0.5 seconds."}
    for lang, words in said.items():
        row = row_of(client, ctx["slug"], meeting_id, lang)
        assert words in row and "Pesan layanan" not in row and "Pesan dari" not in row
        meeting = api_meeting(app, token, ctx["slug"], lang)
        assert (meeting["error_code"], meeting["error"], meeting["provider_message"]) == ("timeout", words, "")
    zoom.create_delay = 0


def test_a_server_that_is_down_reads_in_each_language(make_app, make_user):
    with socket.socket() as closed:  # a port where nothing listens any more
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    app = make_app(BBB_URL=f"http://127.0.0.1:{port}/bigbluebutton/", BBB_SECRET="rahasia-bersama",
                   BASE_URL="http://127.0.0.1:9")
    plan = schedule(app, make_user, now_utc() + timedelta(hours=2), people=1)
    assert "retry 1" in cli(app, "vc", "sync")
    token = api_token(app, plan["organiser"])
    client = app.test_client()
    login(client, plan["organiser"].email)
    said = {"id": "Memeriksa server: BigBlueButton (127.0.0.1) tidak dapat dihubungi. Koneksi ditolak.",
            "en": "Checking the server: BigBlueButton (127.0.0.1) cannot be reached. The connection was refused."}
    for lang, words in said.items():
        row = row_of(client, plan["slug"], plan["meeting"], lang)
        assert words in row and "rahasia-bersama" not in row
        meeting = api_meeting(app, token, plan["slug"], lang)
        assert (meeting["state"], meeting["error_code"], meeting["error"]) == ("pending", "unreachable", words)


def test_a_message_stored_before_codes_still_shows(make_app, zoom, make_user):
    app = make_app(**zoom.config())
    ctx = setup_event(app, make_user, sessions=0, people=0)
    token = api_token(app, ctx["organiser"])
    made = api_session(app, token, ctx["slug"], FUTURE)
    with app.app_context():
        meeting = db.session.execute(db.select(Meeting).where(Meeting.session_id == made["id"])).scalar_one()
        meeting.state, meeting.last_error = "failed", "Zoom create: HTTP 404 (1001): User does not exist"
        meeting_id = meeting.id
        db.session.commit()
    client = app.test_client()
    login(client, ctx["organiser"].email)
    for lang, label in (("id", "Pesan layanan"), ("en", "Service's message")):
        row = row_of(client, ctx["slug"], meeting_id, lang)
        assert f"{label}: Zoom create: HTTP 404 (1001): User does not exist" in row
        meeting = api_meeting(app, token, ctx["slug"], lang)
        assert (meeting["error_code"], meeting["error"]) == ("other", "Zoom create: HTTP 404 (1001): User does not exist")
