"""BigBlueButton end to end: the app served over HTTP as in production, `flask vc sync` and
`flask attendance pull` run as the worker runs them, against the strict BBB server of
tests/vc/bbb_server.py (which checks every checksum and calls our end callback over HTTP)."""
from __future__ import annotations

import json
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from werkzeug.serving import make_server

from lokakarya.attendance.models import Attendance, AttendanceImport
from lokakarya.events.models import Meeting
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from lokakarya.vc import bbb, queue
from lokakarya.vc.models import VcTask
from tests.conftest import login
from tests.events.factories import make_event, make_registration
from tests.vc.bbb_server import BbbServer


@pytest.fixture
def bbb_server():
    with BbbServer() as server:
        yield server


@pytest.fixture
def served(make_app, bbb_server):
    """make(**config) → (app, its base URL): the app on a real HTTP port, BBB configured."""
    servers = []

    def make(**overrides):
        holder = {}
        http = make_server("127.0.0.1", 0, lambda env, start: holder["app"](env, start), threaded=True)
        base = f"http://127.0.0.1:{http.server_port}"
        config = {"BBB_URL": bbb_server.url, "BBB_SECRET": bbb_server.secret, "BASE_URL": base}
        config.update(overrides)
        holder["app"] = make_app(**config)
        threading.Thread(target=http.serve_forever, daemon=True).start()
        servers.append(http)
        return holder["app"], base

    yield make
    for http in servers:
        http.shutdown()


def schedule(app, make_user, start, minutes=35, people=2):
    """An organiser's event with one session held on BigBlueButton (what the session form's
    "create the meeting on BigBlueButton" does: vc.queue.requested), and confirmed people."""
    organiser = make_user("organiser", email="panitia@kemendagri.example.go.id")
    with app.app_context():
        event = make_event(slug="lokakarya-bbb", sessions=1, start=start, minutes=minutes, meeting=False,
                           created_by_id=organiser.id)
        session = event.sessions[0]
        meeting = Meeting(event_id=event.id, session_id=session.id, provider="bbb", join_url="")
        db.session.add(meeting)
        db.session.flush()
        queue.requested(meeting, "bbb")
        regs = [make_registration(event, n=n + 1) for n in range(people)]
        regs[0].name = "Siti Rahayu"
        if people > 1:
            regs[1].name = "Budi Santoso"
        db.session.commit()
        return {"slug": event.slug, "session": session.id, "meeting": meeting.id,
                "regs": [(r.id, r.token) for r in regs], "organiser": organiser}


def api_token(app, user) -> str:
    from lokakarya.auth.models import User
    from lokakarya.auth.tokens import issue_api_token

    with app.app_context():
        token = issue_api_token(db.session.get(User, user.id))
        db.session.commit()
    return token


def cli(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def meeting_row(app, meeting_id):
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        db.session.expunge(meeting)
        return meeting


def join(app, token, session_id):
    """The participant clicks the app's join link; the browser follows to BBB and its client."""
    answer = app.test_client().get(f"/r/{token}/join/{session_id}")
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return answer.headers["Location"]


def enter(server, signed):
    answer = requests.get(signed, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return server.enter(answer.headers["Location"])


def test_meeting_created_joined_pulled_with_exact_matching_and_review(served, bbb_server, make_user):
    app, base = served()
    start = now_utc() - timedelta(minutes=30)  # now is in the session's last minutes
    plan = schedule(app, make_user, start)
    (siti, siti_token), (budi, budi_token) = plan["regs"]

    cli(app, "vc", "sync")
    meeting = meeting_row(app, plan["meeting"])
    assert meeting.state == "created" and meeting.external_id.startswith(f"lokakarya-m{plan['meeting']}-")
    created = bbb_server.meetings[meeting.external_id]
    assert created.name == "Sesi 1 — Lokakarya Uji"
    assert created.metadata["endcallbackurl"].startswith(f"{base}/vc/bbb/{meeting.external_id}/ended?token=")

    signed = join(app, siti_token, plan["session"])
    query = parse_qs(urlsplit(signed).query)
    assert (query["fullName"], query["userID"], query["role"]) == (["Siti Rahayu"], [str(siti)], ["VIEWER"])
    assert bbb_server.secret not in signed
    enter(bbb_server, signed)
    enter(bbb_server, join(app, budi_token, plan["session"]))
    # Someone the app did not send: a link made elsewhere on the same server.
    guest = bbb.signed_url({"BBB_URL": bbb_server.url, "BBB_SECRET": bbb_server.secret}, "join",
                           {"fullName": "Tamu Dinas Luar", "meetingID": meeting.external_id, "role": "VIEWER"})
    enter(bbb_server, guest)
    assert bbb_server.refused == []

    cli(app, "vc", "sync", "--now", (start + timedelta(minutes=1)).isoformat())
    bbb_server.leave(meeting.external_id, str(budi))           # Budi's connection drops…
    cli(app, "vc", "sync", "--now", (start + timedelta(minutes=11)).isoformat())
    enter(bbb_server, join(app, budi_token, plan["session"]))  # …and he comes back
    cli(app, "vc", "sync", "--now", (start + timedelta(minutes=21)).isoformat())

    bbb_server.finish(meeting.external_id)  # the last ones leave; BBB calls our end callback
    bbb_server.wait_ended(meeting.external_id)
    assert [status for _, status in bbb_server.callbacks] == [204]
    seen = json.loads(meeting_row(app, plan["meeting"]).provider_data)
    assert seen["ended_at"] and len(seen["seen"][str(budi)]["spans"]) == 2  # away, then back

    out = cli(app, "attendance", "pull", "--now", (start + timedelta(minutes=36)).isoformat())
    assert "pulled 1" in out, out
    with app.app_context():
        rows = {a.registration_id: a for a in db.session.execute(
            db.select(Attendance).where(Attendance.source != "link")).scalars()}
        assert set(rows) == {siti, budi}
        assert rows[siti].minutes - rows[budi].minutes == 10  # Budi's 10 minutes away
        pending = db.session.execute(db.select(AttendanceImport).where(
            AttendanceImport.status == "pending")).scalar_one()
    client = app.test_client()
    login(client, "panitia@kemendagri.example.go.id")
    review = client.get(f"/events/{plan['slug']}/attendance/imports/{pending.id}")
    table = review.get_data(as_text=True).split('data-testid="review"', 1)[1].split("</table>", 1)[0]
    assert review.status_code == 200 and "Tamu Dinas Luar" in table
    assert "Siti Rahayu" not in table and "Budi Santoso" not in table  # matched exactly by userID


def test_end_callback_with_a_bad_token_is_refused(served, bbb_server, make_user):
    app, base = served()
    start = now_utc() - timedelta(minutes=30)
    plan = schedule(app, make_user, start, people=1)
    cli(app, "vc", "sync")
    meeting = meeting_row(app, plan["meeting"])
    other = bbb.callback_token({"SECRET_KEY": "another-installation"}, meeting.external_id)
    for token in ("", "0" * 64, other, bbb.callback_token(app.config, "lokakarya-m999-abc")):
        answer = requests.get(f"{base}/vc/bbb/{meeting.external_id}/ended",
                              params={"token": token, "meetingID": meeting.external_id}, timeout=5)
        assert answer.status_code == 403
    assert "ended_at" not in json.loads(meeting_row(app, plan["meeting"]).provider_data)
    good = bbb.end_callback_url(app.config, meeting.external_id)
    assert requests.get(good + "&meetingID=someone-else", timeout=5).status_code == 403
    assert requests.get(good + f"&meetingID={meeting.external_id}&recordingmarks=false", timeout=5).status_code == 204
    assert json.loads(meeting_row(app, plan["meeting"]).provider_data)["ended_at"]


def test_checksum_error_is_kept_for_the_organiser_and_retried(served, bbb_server, make_user):
    app, _ = served(BBB_SECRET="a-secret-the-server-does-not-have")
    start = now_utc() + timedelta(hours=2)
    plan = schedule(app, make_user, start, people=1)
    out = cli(app, "vc", "sync")
    assert "retry 1" in out, out
    meeting = meeting_row(app, plan["meeting"])
    assert meeting.state == "pending" and json.loads(meeting.last_error)["code"] == "bad_secret"
    assert "a-secret-the-server-does-not-have" not in meeting.last_error
    assert bbb_server.refused == ["isMeetingRunning"]
    client = app.test_client()
    login(client, "panitia@kemendagri.example.go.id")
    for lang, ours, label in (
            ("id", "Memeriksa server: BigBlueButton (127.0.0.1) menolak tanda tangan permintaan: rahasia "
                   "bersama di pengaturan (BBB_SECRET) tidak cocok dengan server.", "Pesan dari BigBlueButton"),
            ("en", "Checking the server: BigBlueButton (127.0.0.1) refused the request", "Message from BigBlueButton")):
        page = client.get(f"/events/{plan['slug']}/meetings?lang={lang}").get_data(as_text=True)
        row = page.split(f'data-testid="meeting-{plan["meeting"]}"', 1)[1].split("</tr>", 1)[0]
        assert ours in row
        assert f'{label}: <q data-testid="error-provider" translate="no">Checksums do not match</q>' in row  # BBB's words
        assert "a-secret-the-server-does-not-have" not in page


def test_cancelling_the_session_ends_the_meeting(served, bbb_server, make_user):
    app, _ = served()
    start = now_utc() + timedelta(minutes=60)
    plan = schedule(app, make_user, start, people=1)
    cli(app, "vc", "sync")
    meeting = meeting_row(app, plan["meeting"])
    assert meeting.state == "created" and bbb_server.meetings == {}  # not long before the join window
    cli(app, "vc", "sync", "--now", (start - timedelta(minutes=29)).isoformat())
    assert meeting.external_id in bbb_server.meetings
    client = app.test_client()
    login(client, "panitia@kemendagri.example.go.id")
    answer = client.post(f"/events/{plan['slug']}/sessions/{plan['session']}/cancel")
    assert answer.status_code in (302, 303)
    assert meeting.external_id in bbb_server.meetings  # nothing called inside the request
    cli(app, "vc", "sync")
    ended = bbb_server.wait_ended(meeting.external_id)
    assert ended.forcibly_ended and bbb_server.calls_named("end")[-1] == {"meetingID": meeting.external_id}
    cli(app, "vc", "sync")  # and it is not created again
    assert meeting.external_id not in bbb_server.meetings


def test_server_down_in_the_window_is_shown_then_recovers(served, bbb_server, make_user):
    app, _ = served()
    start = now_utc() + timedelta(minutes=10)
    plan = schedule(app, make_user, start, people=1)
    cli(app, "vc", "sync")  # created: the ID is fixed, the meeting made on the server
    meeting = meeting_row(app, plan["meeting"])
    assert meeting.external_id in bbb_server.meetings
    bbb_server.meetings.clear()  # BBB restarted: its meetings are gone…
    bbb_server.fail_next(502)    # …and its proxy answers 502 for a moment
    cli(app, "vc", "sync")
    meeting = meeting_row(app, plan["meeting"])
    assert json.loads(meeting.last_error)["code"] == "http_error"
    client = app.test_client()
    login(client, "panitia@kemendagri.example.go.id")
    said = {"id": "Membuka ruang rapat: BigBlueButton (127.0.0.1) menjawab dengan galat HTTP 502.",
            "en": "Opening the meeting room: BigBlueButton (127.0.0.1) answered with HTTP error 502."}
    token = api_token(app, plan["organiser"])
    for lang, words in said.items():
        page = client.get(f"/events/{plan['slug']}/meetings?lang={lang}").get_data(as_text=True)
        row = page.split(f'data-testid="meeting-{plan["meeting"]}"', 1)[1].split("</tr>", 1)[0]
        assert words in row and bbb_server.secret not in page
        answer = app.test_client().get(f"/api/v1/events/{plan['slug']}/sessions?lang={lang}",
                                       headers={"Authorization": f"Bearer {token}"}).get_json()
        meeting_json = answer["data"][0]["meeting"]
        assert (meeting_json["error_code"], meeting_json["error"], meeting_json["provider_message"]) == \
            ("http_error", words, "")
    cli(app, "vc", "sync")  # the next pass creates it again
    assert meeting.external_id in bbb_server.meetings
    assert meeting_row(app, plan["meeting"]).last_error == ""


def test_moderator_join_only_for_the_owner(served, bbb_server, make_user):
    app, _ = served()
    plan = schedule(app, make_user, now_utc() + timedelta(minutes=10), people=1)
    cli(app, "vc", "sync")
    meeting = meeting_row(app, plan["meeting"])
    host = f"/events/{plan['slug']}/meetings/{plan['meeting']}/host"
    make_user("organiser", email="lain@kemendagri.example.go.id", name="Organiser Lain")
    other = app.test_client()
    login(other, "lain@kemendagri.example.go.id")
    assert other.post(host).status_code == 403
    assert 'data-testid="host"' not in other.get(f"/events/{plan['slug']}/meetings").get_data(as_text=True)
    owner = app.test_client()
    login(owner, "panitia@kemendagri.example.go.id")
    page = owner.get(f"/events/{plan['slug']}/meetings").get_data(as_text=True)
    assert 'data-testid="host"' in page and host in page
    assert "/api/join" not in page and "checksum" not in page and bbb_server.secret not in page
    answer = owner.post(host)
    assert answer.status_code == 303
    person = enter(bbb_server, answer.headers["Location"])
    assert person.role == "MODERATOR" and person.user_id.startswith("host-")
    assert bbb_server.refused == []
    participant = enter(bbb_server, join(app, plan["regs"][0][1], plan["session"]))
    assert participant.role == "VIEWER"
    assert meeting.external_id in bbb_server.meetings


def test_a_click_in_the_join_windows_first_minute_finds_the_room(served, bbb_server, make_user):
    app, _ = served()
    start = now_utc() + timedelta(minutes=29, seconds=30)  # the join link opened 30 seconds ago
    plan = schedule(app, make_user, start, people=1)
    ((reg, token),) = plan["regs"]
    with app.app_context():  # the session was scheduled the day before
        db.session.execute(db.update(VcTask).values(next_attempt_at=start - timedelta(days=1)))
        db.session.commit()
    # The worker's last pass before the join link opened: a quarter of an hour before it.
    cli(app, "vc", "sync", "--now", (start - timedelta(minutes=44)).isoformat())
    meeting = meeting_row(app, plan["meeting"])
    assert meeting.external_id in bbb_server.meetings  # the room is there ahead of the window…
    bbb_server.advance(minutes=15)
    assert meeting.external_id in bbb_server.meetings  # …and BBB keeps it though nobody joined yet
    person = enter(bbb_server, join(app, token, plan["session"]))  # the first click; no pass since
    assert person.user_id == str(reg) and bbb_server.refused == []


def test_while_the_room_is_not_on_the_server_the_join_link_waits_and_asks_nobody(served, bbb_server, make_user):
    app, _ = served()
    start = now_utc() - timedelta(minutes=5)
    plan = schedule(app, make_user, start, minutes=60, people=1)
    ((reg, token),) = plan["regs"]
    cli(app, "vc", "sync")
    meeting = meeting_row(app, plan["meeting"])
    bbb_server.finish(meeting.external_id)  # everyone dropped out: BBB closed the room and told us
    bbb_server.wait_ended(meeting.external_id)
    calls = len(bbb_server.calls)
    for lang, words in (("id", "Ruang rapat sedang disiapkan."), ("en", "The meeting room is being prepared.")):
        answer = app.test_client().get(f"/r/{token}/join/{plan['session']}?lang={lang}")
        page = answer.get_data(as_text=True)
        assert answer.status_code == 200 and answer.headers["Refresh"] == "15"
        assert words in page and '<meta http-equiv="refresh" content="15">' in page
    assert len(bbb_server.calls) == calls  # nothing asked of the server inside the request
    with app.app_context():  # and nothing written: the join is recorded when it happens
        assert db.session.execute(db.select(Attendance)).scalars().all() == []
    cli(app, "vc", "sync")  # the next pass opens the room again
    person = enter(bbb_server, join(app, token, plan["session"]))
    assert person.user_id == str(reg)
