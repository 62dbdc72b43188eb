"""Zoom end to end: the app as in production (API, pages, the tracked join redirect, `flask vc sync`
and `flask attendance pull`) against the strict local Zoom of tests/vc/zoom_server.py. Nothing of
ours is replaced; the app's ZOOM_API_URL / ZOOM_OAUTH_URL point at that server."""
from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from lokakarya.attendance.models import Attendance, AttendanceImport
from lokakarya.events.models import Meeting
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc, to_zone
from lokakarya.vc.models import VcRegistrant, VcTask
from tests.conftest import login
from tests.events.factories import make_event, make_registration

FUTURE = datetime(2030, 3, 5, 2, 0, tzinfo=UTC)  # 09:00 WIB


def cli(app, *args) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def setup_event(app, make_user, start=FUTURE, minutes=60, people=2, sessions=1):
    organiser = make_user("organiser", email="panitia@kemendagri.example.go.id")
    with app.app_context():
        event = make_event(slug="lokakarya-zoom", sessions=sessions, start=start, minutes=minutes,
                           meeting=False, created_by_id=organiser.id)
        regs = [make_registration(event, n=n + 1) for n in range(people)]
        if people:
            regs[0].name = "Siti Rahayu"
        if people > 1:
            regs[1].name = "Budi Santoso"
        db.session.commit()
        return {"slug": event.slug, "sessions": [s.id for s in event.sessions],
                "regs": [(r.id, r.token, r.email) for r in regs], "organiser": organiser}


def token_for(app, user) -> str:
    from lokakarya.auth.models import User
    from lokakarya.auth.tokens import issue_api_token

    with app.app_context():
        token = issue_api_token(db.session.get(User, user.id))
        db.session.commit()
    return token


def api_session(app, token, slug, start, minutes=60, title="Sesi Pleno: Standar Pelayanan"):
    client = app.test_client()
    response = client.post(f"/api/v1/events/{slug}/sessions", headers={"Authorization": f"Bearer {token}"},
                           json={"title": title, "starts_at": iso(start),
                                 "ends_at": iso(start + timedelta(minutes=minutes)),
                                 "meeting": {"provider": "zoom", "create": True}})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def meeting_of(app, session_id) -> Meeting:
    with app.app_context():
        meeting = db.session.execute(db.select(Meeting).where(Meeting.session_id == session_id)).scalar_one()
        db.session.expunge(meeting)
        return meeting


def test_created_with_the_sessions_data_moved_and_cancelled(zapp, zoom, make_user):
    ctx = setup_event(zapp, make_user, sessions=0, people=0)
    token = token_for(zapp, ctx["organiser"])
    answer = api_session(zapp, token, ctx["slug"], FUTURE, minutes=90)
    assert answer["meeting"]["created"] is True and answer["meeting"]["state"] == "pending"
    assert answer["meeting"]["join_url"] == "" and zoom.meetings == {}  # nothing called in the request

    assert "done 1" in cli(zapp, "vc", "sync")
    (zoom_meeting,) = zoom.meetings.values()
    assert zoom_meeting["topic"] == "Sesi Pleno: Standar Pelayanan — Lokakarya Uji"
    assert zoom_meeting["start_time"] == "2030-03-05T02:00:00Z" and zoom_meeting["duration"] == 90
    assert zoom_meeting["timezone"] == "Asia/Jakarta" and zoom_meeting["settings"]["approval_type"] == 0
    assert zoom_meeting["host_email"] == "host@kemendagri.example.go.id"
    listed = zapp.test_client().get(f"/api/v1/events/{ctx['slug']}/sessions",
                                    headers={"Authorization": f"Bearer {token}"}).get_json()["data"][0]
    assert listed["meeting"]["state"] == "created"
    assert listed["meeting"]["external_id"] == str(zoom_meeting["id"])
    assert listed["meeting"]["join_url"] == zoom_meeting["join_url"]

    # Moving the session moves the meeting.
    moved = FUTURE + timedelta(hours=2)
    response = zapp.test_client().patch(
        f"/api/v1/events/{ctx['slug']}/sessions/{answer['id']}", headers={"Authorization": f"Bearer {token}"},
        json={"starts_at": iso(moved), "ends_at": iso(moved + timedelta(minutes=45)), "title": "Sesi Pindah"})
    assert response.status_code == 200 and response.get_json()["meeting"]["state"] == "updating"
    cli(zapp, "vc", "sync")
    assert zoom_meeting["start_time"] == "2030-03-05T04:00:00Z" and zoom_meeting["duration"] == 45
    assert zoom_meeting["topic"].startswith("Sesi Pindah")
    assert meeting_of(zapp, answer["id"]).state == "created"

    # Cancelling it cancels the meeting.
    response = zapp.test_client().post(f"/api/v1/events/{ctx['slug']}/sessions/{answer['id']}/cancel",
                                       headers={"Authorization": f"Bearer {token}"})
    assert response.get_json()["meeting"]["state"] == "cancelled"
    cli(zapp, "vc", "sync")
    assert zoom.meetings == {} and zoom.deleted == [zoom_meeting["id"]]
    assert len(zoom.calls_to("POST", "/v2/users/")) == 1  # created once, whatever happened


def test_a_lost_answer_is_found_again_instead_of_a_second_meeting(zapp, zoom, make_user):
    ctx = setup_event(zapp, make_user, sessions=0, people=0)
    token = token_for(zapp, ctx["organiser"])
    answer = api_session(zapp, token, ctx["slug"], FUTURE)
    # The meeting is made at Zoom but our worker never hears back (time-out): VC_TIMEOUT 0.5 s.
    zoom.create_delay = 1.5
    slow = zapp.config.copy()
    slow["VC_TIMEOUT"] = 0.5
    with zapp.app_context():
        from lokakarya.vc.sync import sync_pass

        counts = sync_pass(config=slow)
    assert counts["retry"] == 1 and len(zoom.meetings) == 1
    assert json.loads(meeting_of(zapp, answer["id"]).last_error)["code"] == "timeout"
    zoom.create_delay = 0
    cli(zapp, "vc", "sync", "--now", iso(now_utc() + timedelta(minutes=2)))
    assert len(zoom.meetings) == 1 and len(zoom.calls_to("POST", "/v2/users/")) == 1
    (made,) = zoom.meetings.values()
    assert meeting_of(zapp, answer["id"]).external_id == str(made["id"])


def test_rate_limit_and_expired_token_are_retried_without_duplicates(zapp, zoom, make_user):
    ctx = setup_event(zapp, make_user, sessions=0, people=0)
    token = token_for(zapp, ctx["organiser"])
    answer = api_session(zapp, token, ctx["slug"], FUTURE)
    zoom.rate_limit(1, retry_after=120)
    output = cli(zapp, "vc", "sync")
    assert "retry 1" in output and zoom.meetings == {}
    with zapp.app_context():
        task = db.session.execute(db.select(VcTask)).scalar_one()
        assert task.next_attempt_at >= now_utc() + timedelta(seconds=100)
        assert json.loads(task.last_error)["code"] == "rate_limited"
    cli(zapp, "vc", "sync")  # not due yet: nothing sent
    assert zoom.meetings == {}
    cli(zapp, "vc", "sync", "--now", iso(now_utc() + timedelta(minutes=3)))
    assert len(zoom.meetings) == 1
    # The token expires at Zoom: the next call gets a new one once and goes through.
    grants = zoom.grants
    zoom.expire_tokens()
    zapp.test_client().patch(f"/api/v1/events/{ctx['slug']}/sessions/{answer['id']}",
                             headers={"Authorization": f"Bearer {token}"}, json={"title": "Judul Baru"})
    assert "done 1" in cli(zapp, "vc", "sync", "--now", iso(now_utc() + timedelta(minutes=4)))
    assert zoom.grants == grants + 1
    assert next(iter(zoom.meetings.values()))["topic"].startswith("Judul Baru")


def test_a_refusal_is_shown_with_zooms_message_in_both_languages_and_retried(zapp, zoom, make_user):
    ctx = setup_event(zapp, make_user, sessions=0, people=0)
    token = token_for(zapp, ctx["organiser"])
    answer = api_session(zapp, token, ctx["slug"], FUTURE)
    zoom.hosts.clear()  # the host user does not exist at Zoom: 404 1001, permanent
    assert "failed 1" in cli(zapp, "vc", "sync")
    client = zapp.test_client()
    login(client, ctx["organiser"].email)
    page = client.get(f"/events/{ctx['slug']}/meetings").get_data(as_text=True)
    zooms_words = '<q data-testid="error-provider" translate="no">User does not exist: host@kemendagri.example.go.id.</q>'
    assert "Gagal" in page and 'data-testid="retry"' in page
    assert "Membuat rapat: Zoom (127.0.0.1) menjawab dengan galat HTTP 404." in page
    assert f"Pesan dari Zoom: {zooms_words}" in page  # Zoom's own words, as Zoom wrote them
    english = client.get(f"/events/{ctx['slug']}/meetings?lang=en")
    english_page = english.get_data(as_text=True)
    assert "Failed" in english_page and "Creating the meeting: Zoom (127.0.0.1) answered with HTTP error 404." \
        in english_page
    assert f"Message from Zoom: {zooms_words}" in english_page
    zoom.hosts.add("host@kemendagri.example.go.id")
    client.post(f"/events/{ctx['slug']}/meetings/{meeting_of(zapp, answer['id']).id}/retry")
    cli(zapp, "vc", "sync")
    assert len(zoom.meetings) == 1 and meeting_of(zapp, answer["id"]).state == "created"
    assert meeting_of(zapp, answer["id"]).last_error == ""


def _registrants(app):
    with app.app_context():
        return {r.registration_id: (r.state, r.provider_registrant_id, r.join_url)
                for r in db.session.execute(db.select(VcRegistrant)).scalars()}


def test_registrants_synced_and_each_joins_with_their_own_zoom_link(zapp, zoom, make_user):
    start = now_utc() + timedelta(minutes=10)
    ctx = setup_event(zapp, make_user, sessions=0, people=3)
    token = token_for(zapp, ctx["organiser"])
    answer = api_session(zapp, token, ctx["slug"], start)
    (siti, siti_token, _), (budi, budi_token, _), (third, _, _) = ctx["regs"]
    with zapp.app_context():
        db.session.get(Registration, third).status = "pending"
        db.session.commit()
    output = cli(zapp, "vc", "sync")  # creates the meeting, then registers the confirmed people
    assert "done 1" in output and "registered 2" in output
    (zoom_meeting,) = zoom.meetings.values()
    people = {p["email"]: p for p in zoom.registrants[zoom_meeting["id"]].values()}
    assert set(people) == {"peserta1@example.go.id", "peserta2@example.go.id"}
    assert (people["peserta1@example.go.id"]["first_name"], people["peserta1@example.go.id"]["last_name"]) \
        == ("Siti", "Rahayu")
    stored = _registrants(zapp)
    client = zapp.test_client()
    for registration_id, token_ in ((siti, siti_token), (budi, budi_token)):
        response = client.get(f"/r/{token_}/join/{answer['id']}")
        assert response.status_code == 303
        assert response.headers["Location"] == stored[registration_id][2]
        assert "tk=" in response.headers["Location"] and "zak=" not in response.headers["Location"]
    assert stored[siti][2] != stored[budi][2]

    # A cancelled registration is cancelled in Zoom.
    with zapp.app_context():
        db.session.get(Registration, budi).status = "cancelled"
        db.session.commit()
    assert "unregistered 1" in cli(zapp, "vc", "sync")
    assert people["peserta2@example.go.id"]["status"] == "cancelled"
    assert _registrants(zapp)[budi][0] == "cancelled"
    assert client.get(f"/r/{budi_token}/join/{answer['id']}").status_code == 403


def zoom_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_attendance_pulled_two_pages_reconnect_retry_then_upload_changes_nothing(zapp, zoom, make_user):
    start = now_utc().replace(microsecond=0) + timedelta(minutes=10)
    ctx = setup_event(zapp, make_user, sessions=0, people=2)
    token = token_for(zapp, ctx["organiser"])
    answer = api_session(zapp, token, ctx["slug"], start, minutes=60)
    cli(zapp, "vc", "sync")
    cli(zapp, "vc", "sync")
    (zoom_meeting,) = zoom.meetings.values()
    (siti, _, _), (budi, _, budi_email) = ctx["regs"]
    siti_zoom_id = _registrants(zapp)[siti][1]
    rows = [{"id": "", "user_id": "16778240", "name": "Siti R. (HP)", "user_email": "",
             "registrant_id": siti_zoom_id, "join_time": zoom_time(start),
             "leave_time": zoom_time(start + timedelta(minutes=20)), "duration": 1200, "status": "in_meeting"},
            {"id": "", "user_id": "16778241", "name": "BUDI SANTOSO", "user_email": budi_email,
             "join_time": zoom_time(start + timedelta(minutes=5)),
             "leave_time": zoom_time(start + timedelta(minutes=50)), "duration": 2700, "status": "in_meeting"}]
    rows += [{"id": "", "user_id": str(17000000 + n), "name": f"Tamu {n}", "user_email": "",
              "join_time": zoom_time(start + timedelta(minutes=1)),
              "leave_time": zoom_time(start + timedelta(minutes=30)), "duration": 1740, "status": "in_meeting"}
             for n in range(300)]
    # Siti reconnects: her second stay is on the report's second page.
    rows.append({"id": "", "user_id": "16778299", "name": "Siti R. (HP)", "user_email": "",
                 "registrant_id": siti_zoom_id, "join_time": zoom_time(start + timedelta(minutes=25)),
                 "leave_time": zoom_time(start + timedelta(minutes=60)), "duration": 2100, "status": "in_meeting"})
    uuid = "/gk8Xz//AbCd+ef=="
    zoom.end_meeting(zoom_meeting["id"], rows, uuid=uuid, start_time=zoom_time(start))
    zoom.report_not_ready = 1

    before_end = start + timedelta(minutes=30)
    assert "pulled 0" in cli(zapp, "attendance", "pull", "--now", iso(before_end))  # not ended: not due
    after = start + timedelta(minutes=66)
    assert "not_ready 1" in cli(zapp, "attendance", "pull", "--now", iso(after))
    meeting = meeting_of(zapp, answer["id"])
    assert meeting.pull_state == "waiting" and json.loads(meeting.pull_error)["code"] == "report_not_ready"
    assert meeting.pull_next_at > after
    assert "pulled 1" in cli(zapp, "attendance", "pull", "--now", iso(meeting.pull_next_at + timedelta(seconds=1)))
    report_calls = zoom.calls_to("GET", "/v2/report/meetings/")
    assert report_calls[-2:] == ["/v2/report/meetings/%252Fgk8Xz%252F%252FAbCd%252Bef%253D%253D/participants"] * 2
    with zapp.app_context():
        found = {(a.registration_id, a.source): a.minutes for a in db.session.execute(
            db.select(Attendance).where(Attendance.session_id == answer["id"])).scalars()}
        assert found == {(siti, "zoom"): 55, (budi, "zoom"): 45}
        review = db.session.execute(db.select(AttendanceImport)).scalar_one()
        assert review.status == "pending" and review.meeting_id == meeting.id and review.unmatched == 300
    meeting = meeting_of(zapp, answer["id"])
    assert meeting.pull_state == "done" and meeting.pull_rows == 303

    # The recap and the API say where it came from and when.
    client = zapp.test_client()
    login(client, ctx["organiser"].email)
    recap = client.get(f"/events/{ctx['slug']}/attendance").get_data(as_text=True)
    origin = recap.split(f'data-testid="origin-{answer["id"]}"')[1].split("</td>")[0]
    assert "Zoom: diambil otomatis" in origin and "WIB" in origin
    english = client.get(f"/events/{ctx['slug']}/attendance?lang=en").get_data(as_text=True)
    assert "Zoom: pulled automatically" in english.split(f'data-testid="origin-{answer["id"]}"')[1]
    summary = zapp.test_client().get(f"/api/v1/events/{ctx['slug']}/attendance",
                                     headers={"Authorization": f"Bearer {token}"}).get_json()
    assert {p["registration_id"]: p["sources"] for p in summary["data"]}[siti] == {str(answer["id"]): ["zoom"]}
    (pulled,) = [s["pulled"] for s in summary["sessions"] if s["session_id"] == answer["id"]]
    assert pulled["provider"] == "zoom" and pulled["state"] == "done" and pulled["pulled_at"]

    # The same session's report uploaded afterwards changes nothing the pull recorded.
    local = to_zone(start, "Asia/Jakarta")
    csv_text = ("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
                f"Siti Rahayu,peserta1@example.go.id,{local:%m/%d/%Y %I:%M:%S %p},"
                f"{local + timedelta(minutes=5):%m/%d/%Y %I:%M:%S %p},5,No\n")
    response = client.post(f"/events/{ctx['slug']}/attendance/import", data={
        "file": (io.BytesIO(csv_text.encode()), "zoom.csv"), "timezone": "Asia/Jakarta", "date_order": "mdy"},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="locked"' in preview and "Sesi Pleno" in preview
    apply_url = response.headers["Location"] + "/apply"
    assert client.post(apply_url).status_code == 302
    with zapp.app_context():
        after_upload = {(a.registration_id, a.source): a.minutes for a in db.session.execute(
            db.select(Attendance).where(Attendance.session_id == answer["id"])).scalars()}
    assert after_upload == found


def test_the_event_wide_meeting_spans_the_sessions_held_in_it(zapp, zoom, make_user):
    ctx = setup_event(zapp, make_user, sessions=2, people=0)  # 09:00–10:00 and 10:00–11:00 WIB
    auth = {"Authorization": f"Bearer {token_for(zapp, ctx['organiser'])}"}
    client = zapp.test_client()
    answer = client.patch(f"/api/v1/events/{ctx['slug']}", headers=auth,
                          json={"meeting": {"provider": "zoom", "create": True}})
    assert answer.status_code == 200, answer.get_json()
    cli(zapp, "vc", "sync")
    (wide,) = zoom.meetings.values()
    assert (wide["start_time"], wide["duration"]) == ("2030-03-05T02:00:00Z", 120)
    first = ctx["sessions"][0]
    patches = f"/v2/meetings/{wide['id']}"

    # The first session gets a room of its own: the event-wide meeting now holds 10:00–11:00 only.
    answer = client.patch(f"/api/v1/events/{ctx['slug']}/sessions/{first}", headers=auth,
                          json={"meeting": {"join_url": "https://meet.google.com/abc-defg-hij"}})
    assert answer.status_code == 200, answer.get_json()
    assert len(zoom.calls_to("PATCH", patches)) == 0  # nothing called inside the request
    cli(zapp, "vc", "sync")
    assert len(zoom.calls_to("PATCH", patches)) == 1
    assert (wide["start_time"], wide["duration"]) == ("2030-03-05T03:00:00Z", 60)

    # It loses it again: back to both sessions.
    answer = client.patch(f"/api/v1/events/{ctx['slug']}/sessions/{first}", headers=auth, json={"meeting": None})
    assert answer.status_code == 200, answer.get_json()
    cli(zapp, "vc", "sync")
    assert len(zoom.calls_to("PATCH", patches)) == 2
    assert (wide["start_time"], wide["duration"]) == ("2030-03-05T02:00:00Z", 120)
    assert len(zoom.meetings) == 1  # and no meeting more
