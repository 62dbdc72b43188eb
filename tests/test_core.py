import pytest


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert body["worker"] == {"last_heartbeat": None, "heartbeat_age_seconds": None, "workers": 0,
                              "mail_due": 0, "oldest_due_seconds": 0}


def test_index_shows_demo_event_in_indonesian_with_wib(client, demo):
    html = client.get("/").get_data(as_text=True)
    assert "Lokakarya Penerapan Standar Pelayanan Publik di Lingkup Pemerintah Daerah Wilayah I Tahun 2020" in html
    assert "Kamis, 12 November 2020" in html
    assert "08.30–15.00 WIB" in html


def test_english_is_one_click_away(client, demo):
    response = client.get("/lang/en?next=/", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Thursday, 12 November 2020" in html
    assert "08:30–15:00 WIB" in html
    assert 'lang="en"' in html


def test_event_page_agenda_with_zone_labels(client, demo):
    html = client.get(f"/events/{demo['event']}").get_data(as_text=True)
    assert "08.30 WIB" in html and "15.00 WIB" in html
    assert "Pembukaan" in html and "Penutupan" in html


def test_unknown_page_is_a_404_page_in_both_languages(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)
    response = client.get("/nothing-here?lang=en")
    assert "Page not found" in response.get_data(as_text=True)


def test_api_404_is_json(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert set(response.get_json()["error"]) == {"code", "message", "fields"}


def test_personal_page_is_reached_by_token_only(client, demo, db):
    from lokakarya.registration.models import Registration

    registration = db.session.execute(db.select(Registration).limit(1)).scalar_one()
    page = client.get(f"/r/{registration.token}")
    assert page.status_code == 200
    assert registration.name in page.get_data(as_text=True)
    assert client.get("/r/not-a-token").status_code == 404


def test_seed_demo_is_idempotent_and_prints_the_credentials(app, db):
    from lokakarya.agencies.models import Agency
    from lokakarya.auth.models import User
    from lokakarya.events.models import Event, EventSession
    from lokakarya.registration.models import Registration

    def counts():
        return [db.session.query(m).count() for m in (Event, EventSession, Agency, User, Registration)]

    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    for account in ("admin@lokakarya.example.go.id  password: demo-admin-2020",
                    "organiser@lokakarya.example.go.id  password: demo-organiser-2020",
                    "focal.dukcapil.bengkulu@lokakarya.example.go.id  password: demo-dukcapil-2020",
                    "focal.bengkulu@lokakarya.example.go.id  password: demo-bengkulu-2020"):
        assert account in first.output
    assert "/events/standar-pelayanan-publik-nasional/register" in first.output
    after_first = counts()
    # The 2020 workshop (5 sessions, 81 people) and the upcoming national one (4 sessions);
    # the national directory beside the demo's agencies.
    assert after_first[:2] == [2, 9] and after_first[4] == 81 and after_first[2] > 1600
    assert {u.role for u in db.session.query(User)} == {
        "admin", "organiser", "agency_focal_point", "province_focal_point"}
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    db.session.expire_all()
    assert counts() == after_first



@pytest.mark.parametrize("method,path", [
    ("get", "/api/v1/action-items/2147483648"),
    ("get", "/api/v1/action-items/99999999999999999999"),
    ("patch", "/api/v1/registrations/2147483648"),
    ("get", "/api/v1/action-items/2147483648/updates"),
    # Where a GET route shares the path, werkzeug answered 405 unless the pattern itself refuses.
    ("patch", "/api/v1/action-items/2147483648"),
    ("post", "/api/v1/action-items/2147483648/updates"),
    ("post", "/api/v1/events/any/sessions/2147483648/materials"),
    ("delete", "/api/v1/events/any/sessions/1/materials/9999999999"),
])
def test_ids_beyond_the_database_integer_are_not_found(client, api_token, method, path):
    _, token = api_token("organiser")
    response = getattr(client, method)(path, headers={"Authorization": f"Bearer {token}"}, json={})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_the_largest_database_id_still_reaches_the_view(client, api_token):
    _, token = api_token("organiser")
    response = client.get("/api/v1/action-items/2147483647", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
