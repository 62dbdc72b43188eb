"""Events and sessions under /api/v1."""
import pytest

from lokakarya.extensions import db
from lokakarya.mail.models import OutboxMessage
from tests.events.factories import ZOOM, make_event, make_registration


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def organiser(api_token):
    return bearer(api_token("organiser")[1])


NEW_EVENT = {
    "title": "Lokakarya Sulawesi 2030", "timezone": "Asia/Makassar", "status": "published",
    "province_codes": ["73", "71"], "province_quotas": {"73": 8}, "contact_email": "panitia@example.go.id",
    "registration_opens_at": "2030-02-01T08:00:00+08:00", "registration_closes_at": "2030-02-20T23:59:00+08:00",
    "capacity": 60, "quota_per_agency": 3, "quota_per_province": 10, "requires_approval": True,
    "allow_central_agencies": False, "allow_pppk": True, "retention_days": 365,
}


def test_create_read_update_an_event(client, organiser):
    response = client.post("/api/v1/events", json=NEW_EVENT, headers=organiser)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["slug"] == "lokakarya-sulawesi-2030"
    assert created["province_codes"] == ["71", "73"] and created["province_quotas"] == {"73": 8}
    assert created["registration_opens_at"] == "2030-02-01T00:00:00+00:00"
    assert created["requires_approval"] is True and created["allow_central_agencies"] is False
    read = client.get("/api/v1/events/lokakarya-sulawesi-2030").get_json()
    assert read["title"] == NEW_EVENT["title"] and "meeting" not in read
    response = client.patch("/api/v1/events/lokakarya-sulawesi-2030", headers=organiser,
                            json={"capacity": 80, "province_quotas": {"71": 2}})
    assert response.status_code == 200
    assert response.get_json()["capacity"] == 80
    assert response.get_json()["province_quotas"] == {"71": 2, "73": 8}


@pytest.mark.parametrize(("body", "field"), [
    ({"title": ""}, "title"),
    ({"title": "x", "timezone": "Europe/Paris"}, "timezone"),
    ({"title": "x", "registration_opens_at": "2030-02-01T08:00"}, "registration_opens_at"),
    ({"title": "x", "capacity": "banyak"}, "capacity"),
    ({"title": "x", "province_codes": ["99"]}, "province_codes"),
    ({"title": "x", "slug": "Bukan Slug"}, "slug"),
    ({"title": "x", "status": "archived"}, "status"),
    ({"title": "x" * 301}, "title"),
    ({"title": "x", "capacity": 10**12}, "capacity"),
    ({"title": "x", "province_quotas": {"17": 10**12}}, "province_quotas.17"),
    ({"title": "x", "organiser_unit": "u" * 201}, "organiser_unit"),
])
def test_bad_event_input_is_a_422_with_the_field(client, organiser, body, field):
    response = client.post("/api/v1/events", json=body, headers=organiser)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert client.get("/api/v1/events").get_json() == {"data": []}


def test_writes_need_an_organiser_token(client, api_token):
    assert client.post("/api/v1/events", json=NEW_EVENT).status_code == 401
    _, token = api_token("province_focal_point", province_code="17")
    assert client.post("/api/v1/events", json=NEW_EVENT, headers=bearer(token)).status_code == 403


def test_sessions_list_create_update_cancel(client, app, organiser):
    with app.app_context():
        event = make_event(sessions=1, meeting=False)
        make_registration(event)
        db.session.commit()
    url = "/api/v1/events/lokakarya-uji/sessions"
    response = client.post(url, headers=organiser, json={
        "title": "Diskusi", "speakers": ["A", "B"], "starts_at": "2030-03-05T13:00:00+07:00",
        "ends_at": "2030-03-05T14:00:00+07:00", "meeting": {"join_url": ZOOM, "passcode": "p"}})
    assert response.status_code == 201, response.get_json()
    session = response.get_json()
    assert session["meeting"]["provider"] == "zoom" and session["speakers"] == ["A", "B"]
    assert session["starts_at"] == "2030-03-05T06:00:00+00:00"
    response = client.patch(f"{url}/{session['id']}", headers=organiser,
                            json={"ends_at": "2030-03-05T12:00:00+07:00"})
    assert response.status_code == 422 and "ends_at" in response.get_json()["error"]["fields"]
    response = client.patch(f"{url}/{session['id']}", headers=organiser,
                            json={"meeting": {"join_url": "http://zoom.us/j/1"}})
    assert "meeting.join_url" in response.get_json()["error"]["fields"]
    response = client.patch(f"{url}/{session['id']}", headers=organiser, json={"title": "Diskusi Panel"})
    assert response.get_json()["sequence"] == 1
    response = client.post(f"{url}/{session['id']}/cancel", headers=organiser)
    assert response.get_json()["status"] == "cancelled" and response.get_json()["sequence"] == 2
    listed = client.get(url).get_json()["data"]
    assert [s["status"] for s in listed] == ["scheduled", "cancelled"]
    with app.app_context():
        kinds = [m.kind for m in db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()]
    # New session invite, title update, cancellation: one each to the one confirmed registrant.
    assert kinds == ["schedule_request", "schedule_request", "schedule_cancel"]


def test_meeting_only_for_organiser_tokens(client, app, api_token, organiser):
    with app.app_context():
        make_event()
        db.session.commit()
    _, focal = api_token("province_focal_point", province_code="17")
    for headers in ({}, bearer(focal)):
        for url in ("/api/v1/events", "/api/v1/events/lokakarya-uji", "/api/v1/events/lokakarya-uji/sessions"):
            body = client.get(url, headers=headers).get_data(as_text=True)
            assert "zoom.us" not in body and '"meeting"' not in body, url
    sessions = client.get("/api/v1/events/lokakarya-uji/sessions", headers=organiser).get_json()["data"]
    assert sessions[0]["meeting"]["join_url"] == ZOOM and sessions[0]["meeting"]["scope"] == "event"


def test_drafts_are_hidden_from_anonymous_api_callers(client, app, organiser):
    with app.app_context():
        make_event(status="draft")
        db.session.commit()
    assert client.get("/api/v1/events").get_json() == {"data": []}
    assert client.get("/api/v1/events/lokakarya-uji").status_code == 404
    assert len(client.get("/api/v1/events", headers=organiser).get_json()["data"]) == 1


def test_every_route_is_documented(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/events", "/events/{slug}", "/events/{slug}/sessions",
                 "/events/{slug}/sessions/{session_id}", "/events/{slug}/sessions/{session_id}/cancel"):
        assert path in paths


def test_raising_capacity_promotes_the_waiting_list(client, app, organiser):
    with app.app_context():
        event = make_event(capacity=1)
        make_registration(event, "confirmed", n=1)
        waiting = make_registration(event, "waitlisted", n=2)
        db.session.commit()
        waiting_id = waiting.id
    response = client.patch("/api/v1/events/lokakarya-uji", headers=organiser, json={"capacity": 2})
    assert response.status_code == 200
    with app.app_context():
        from lokakarya.registration.models import Registration

        assert db.session.get(Registration, waiting_id).status == "confirmed"


def test_cancelling_the_event_cancels_every_session_in_calendars(client, app, organiser):
    with app.app_context():
        event = make_event()
        make_registration(event)
        db.session.commit()
    response = client.patch("/api/v1/events/lokakarya-uji", headers=organiser, json={"status": "cancelled"})
    assert response.status_code == 200
    sessions = client.get("/api/v1/events/lokakarya-uji/sessions").get_json()["data"]
    assert [s["status"] for s in sessions] == ["cancelled", "cancelled"]
    with app.app_context():
        kinds = [m.kind for m in db.session.execute(db.select(OutboxMessage)).scalars()]
    assert kinds == ["schedule_cancel", "schedule_cancel"]  # one message per session (one UID each)
    response = client.patch("/api/v1/events/lokakarya-uji", headers=organiser, json={"status": "published"})
    assert response.status_code == 422 and "status" in response.get_json()["error"]["fields"]


def test_event_wide_meeting_by_api_updates_sessions_without_their_own(client, app, organiser):
    with app.app_context():
        make_event(meeting=False)
        db.session.commit()
    response = client.patch("/api/v1/events/lokakarya-uji", headers=organiser,
                            json={"meeting": {"join_url": "https://meet.jit.si/Lokakarya", "passcode": "x"}})
    assert response.status_code == 200
    assert response.get_json()["meeting"]["provider"] == "jitsi"
    sessions = client.get("/api/v1/events/lokakarya-uji/sessions", headers=organiser).get_json()["data"]
    assert [s["sequence"] for s in sessions] == [1, 1]
    assert all(s["meeting"]["join_url"] == "https://meet.jit.si/Lokakarya" for s in sessions)
    response = client.patch("/api/v1/events/lokakarya-uji", headers=organiser, json={"meeting": {"join_url": "x"}})
    assert response.status_code == 422 and "meeting.join_url" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize(("body", "field", "message"), [
    # The API's document states the range; its check answers before the service's.
    ({"capacity": 2_000_000}, "capacity", "Harus antara 1 dan 1.000.000."),
    ({"quota_per_agency": 0}, "quota_per_agency", "Harus antara 1 dan 1.000.000."),
    ({"quota_per_province": 10**12}, "quota_per_province", "Harus antara 1 dan 1.000.000."),
    ({"retention_days": 5_000_000}, "retention_days", "Harus antara 1 dan 1.000.000."),
    ({"province_codes": ["17"], "province_quotas": {"17": 2_000_000}}, "province_quotas.17",
     "Harus antara 1 dan 1.000.000."),
])
def test_out_of_range_numbers_are_told_the_whole_range(client, organiser, body, field, message):
    """Too large is refused too: the message names the upper bound, not only "1 or more"."""
    response = client.post("/api/v1/events", json={"title": "x", **body}, headers=organiser)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"][field] == message
    english = client.post("/api/v1/events?lang=en", json={"title": "x", **body}, headers=organiser)
    assert "between 1 and 1,000,000" in english.get_json()["error"]["fields"][field]
