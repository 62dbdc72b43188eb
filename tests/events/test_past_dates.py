"""An event dated in the past is refused beside its date (a mistyped year is likelier than a
record of a past event) until the organiser confirms it: the form's "Acara ini sudah berlangsung"
checkbox, the API's `past_event`. Dates that are not changed are not asked about again."""
from datetime import UTC, datetime

from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from tests.events.factories import make_event
from tests.events.test_manage_pages import EVENT_FORM

PAST_WINDOW = {"registration_opens_at": "2020-11-02T08:00", "registration_closes_at": "2020-11-10T23:59"}
REFUSED = {
    "id": "Pendaftaran ditutup pada Selasa, 10 November 2020 23.59 WITA, waktu yang sudah lewat.",
    "en": "Registration closes on Tuesday, 10 November 2020 23:59 WITA, which has already passed.",
}
SESSION_REFUSED = {
    "id": "Sesi ini berakhir pada Kamis, 12 November 2020 15.00 WIB, waktu yang sudah lewat.",
    "en": "This session ends on Thursday, 12 November 2020 15:00 WIB, which has already passed.",
}
PAST_SESSION = {"title": "Pembukaan", "starts_at": "2020-11-12T08:30", "ends_at": "2020-11-12T15:00"}


def _events(app) -> list[str]:
    with app.app_context():
        return list(db.session.execute(db.select(Event.title)).scalars())


def _error_of(html: str, field: str) -> str:
    return html.split(f'id="{field}-error">')[1].split("</span>")[0]


def test_a_new_event_whose_registration_has_closed_is_refused_until_confirmed(client, app, login_as):
    login_as("organiser")
    # The confirmation is offered once a date was refused, not before nor for other mistakes.
    assert 'name="past_event"' not in client.get("/events/new").get_data(as_text=True)
    assert 'name="past_event"' not in client.post("/events/new", data={**EVENT_FORM, "title": ""}).get_data(as_text=True)
    for lang in ("id", "en"):
        page = client.post(f"/events/new?lang={lang}", data={**EVENT_FORM, **PAST_WINDOW})
        html = page.get_data(as_text=True)
        assert REFUSED[lang] in _error_of(html, "registration_closes_at")
        assert 'data-testid="past-event"' in html and 'name="past_event"' in html
        assert 'value="Lokakarya Standar Pelayanan Wilayah II"' in html  # what was typed stays
        assert _events(app) == []
    page = client.post("/events/new", data={**EVENT_FORM, **PAST_WINDOW, "past_event": "y"})
    assert page.status_code == 302 and _events(app) == ["Lokakarya Standar Pelayanan Wilayah II"]


def test_a_past_event_is_edited_without_asking_again_unless_its_dates_change(client, app, login_as):
    with app.app_context():
        make_event(slug="wilayah-i-2020", tz="Asia/Makassar",
                   registration_opens_at=datetime(2020, 11, 2, 0, 0, tzinfo=UTC),
                   registration_closes_at=datetime(2020, 11, 10, 15, 59, tzinfo=UTC))
        db.session.commit()
    login_as("organiser")
    form = {**EVENT_FORM, **PAST_WINDOW, "slug": "wilayah-i-2020", "status": "published",
            "title": "Lokakarya Wilayah I 2020 (notulen)"}
    assert client.post("/events/wilayah-i-2020/manage", data=form).status_code == 302
    moved = {**form, "registration_closes_at": "2020-11-11T12:00"}
    html = client.post("/events/wilayah-i-2020/manage?lang=en", data=moved).get_data(as_text=True)
    assert "Registration closes on Wednesday, 11 November 2020 12:00 WITA, which has already passed." in html
    assert client.post("/events/wilayah-i-2020/manage", data={**moved, "past_event": "y"}).status_code == 302


def test_a_session_that_has_ended_is_refused_until_confirmed_and_kept_when_only_renamed(client, app, login_as):
    with app.app_context():
        make_event(sessions=0, meeting=False)
        db.session.commit()
    login_as("organiser")
    url = "/events/lokakarya-uji/sessions/new"
    for lang in ("id", "en"):
        html = client.post(f"{url}?lang={lang}", data=PAST_SESSION).get_data(as_text=True)
        assert SESSION_REFUSED[lang] in _error_of(html, "ends_at") and 'data-testid="past-event"' in html
        assert 'value="Pembukaan"' in html
    assert client.post(url, data={**PAST_SESSION, "past_event": "y"}).status_code == 302
    with app.app_context():
        session = db.session.execute(db.select(EventSession)).scalar_one()
        assert session.starts_at == datetime(2020, 11, 12, 1, 30, tzinfo=UTC)
    edit = f"/events/lokakarya-uji/sessions/{session.id}/edit"
    assert client.post(edit, data={**PAST_SESSION, "title": "Pembukaan dan arahan"}).status_code == 302
    html = client.post(edit, data={**PAST_SESSION, "ends_at": "2020-11-12T16:00"}).get_data(as_text=True)
    assert "Sesi ini berakhir pada Kamis, 12 November 2020 16.00 WIB" in html


def _bearer(api_token) -> dict:
    return {"Authorization": f"Bearer {api_token('organiser')[1]}"}


def test_the_api_refuses_past_dates_with_a_422_naming_the_field_unless_past_event(client, api_token):
    headers = _bearer(api_token)
    past = {"title": "Lokakarya Wilayah I 2020", "timezone": "Asia/Makassar",
            "registration_opens_at": "2020-11-02T08:00:00+08:00", "registration_closes_at": "2020-11-10T23:59:00+08:00"}
    for lang in ("id", "en"):
        refused = client.post(f"/api/v1/events?lang={lang}", json=past, headers=headers)
        assert refused.status_code == 422
        message = refused.get_json()["error"]["fields"]["registration_closes_at"]
        assert message.startswith(REFUSED[lang]) and '"past_event": true' in message
    assert client.get("/api/v1/events", headers=headers).get_json()["data"] == []
    wrong = client.post("/api/v1/events", json={**past, "past_event": "ya"}, headers=headers)
    assert wrong.status_code == 422 and "past_event" in wrong.get_json()["error"]["fields"]
    created = client.post("/api/v1/events", json={**past, "past_event": True}, headers=headers)
    assert created.status_code == 201
    slug = created.get_json()["slug"]
    # Unchanged past dates are not asked about; a new past date is.
    assert client.patch(f"/api/v1/events/{slug}", json={"capacity": 50, **past}, headers=headers).status_code == 200
    moved = {"registration_closes_at": "2020-11-11T12:00:00+08:00"}
    refused = client.patch(f"/api/v1/events/{slug}", json=moved, headers=headers)
    assert refused.status_code == 422 and list(refused.get_json()["error"]["fields"]) == ["registration_closes_at"]
    assert client.patch(f"/api/v1/events/{slug}", json={**moved, "past_event": True}, headers=headers).status_code == 200


def test_the_api_refuses_a_session_that_has_ended_unless_past_event(client, app, api_token):
    with app.app_context():
        make_event(sessions=0, meeting=False)
        db.session.commit()
    headers = _bearer(api_token)
    url = "/api/v1/events/lokakarya-uji/sessions"
    session = {"title": "Pembukaan", "starts_at": "2020-11-12T08:30:00+07:00", "ends_at": "2020-11-12T15:00:00+07:00"}
    refused = client.post(f"{url}?lang=en", json=session, headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["ends_at"].startswith(SESSION_REFUSED["en"])
    created = client.post(url, json={**session, "past_event": True}, headers=headers)
    assert created.status_code == 201
    one = f"{url}/{created.get_json()['id']}"
    assert client.patch(one, json={"title": "Pembukaan dan arahan"}, headers=headers).status_code == 200
    later = client.patch(one, json={"ends_at": "2020-11-12T16:00:00+07:00"}, headers=headers)
    assert later.status_code == 422 and "ends_at" in later.get_json()["error"]["fields"]
