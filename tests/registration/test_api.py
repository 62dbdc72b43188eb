"""POST/GET /api/v1/events/{slug}/registrations and PATCH /api/v1/registrations/{registration_id}."""
import pytest

from lokakarya.api.openapi import document
from lokakarya.registration.models import Registration
from tests.registration.factory import make_agencies, make_event, person, statuses

URL = "/api/v1/events/uji/registrations"


def test_anonymous_registration_answers_201_with_links(client, db):
    make_event(capacity=1)
    [agency] = make_agencies("17")
    response = client.post(URL, json={**person(1, agency), "consent": True})
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "confirmed"
    assert body["manage_url"] == f"http://lokakarya.test/r/{body['token']}"
    assert body["calendar_url"] == f"http://lokakarya.test/r/{body['token']}/calendar.ics"
    second = client.post(URL, json={**person(2, agency), "consent": True}).get_json()
    assert second["status"] == "waitlisted"


def test_field_errors_and_nothing_saved(client, db):
    make_event()
    [agency] = make_agencies("17")
    response = client.post(URL, json={**person(1, agency), "nip": "19861326 201505 1 001", "consent": False})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"nip", "consent"}
    assert "tanggal lahir" in fields["nip"]
    english = client.post(URL + "?lang=en", json={**person(1, agency), "phone": "12"}).get_json()
    assert "consent" in english["error"]["fields"] and "phone" in english["error"]["fields"]
    assert client.post(URL, data="nope").status_code == 422
    assert client.post(URL, json={**person(1), "agency_id": 999, "consent": True}).status_code == 422
    # An unknown agency is reported with the other fields; true is not agency 1 (nor a number).
    unknown = client.post(URL, json={**person(1), "agency_id": 999, "phone": "12"}).get_json()["error"]["fields"]
    assert set(unknown) == {"agency_id", "phone", "consent"} and unknown["agency_id"] == "Instansi tidak dikenal."
    wrong_type = client.post(URL, json={**person(1), "agency_id": True}).get_json()["error"]["fields"]
    assert wrong_type == {"agency_id": "Harus berupa bilangan bulat."}
    assert db.session.execute(db.select(Registration)).first() is None


@pytest.mark.parametrize("agency_id, query, message", [
    (None, "", "Pilih instansi Anda."),
    ("", "", "Wajib diisi."),  # the API document's check: an empty number is a missing one
    (None, "?lang=en", "Choose your agency."),
    (999_999, "", "Instansi tidak dikenal."),
    (999_999, "?lang=en", "Unknown agency."),
])
def test_a_missing_agency_is_asked_for_an_unknown_one_named_unknown(client, db, agency_id, query, message):
    """The refusal names the rule applied: nothing chosen is not an agency we do not know."""
    make_event()
    body = {**person(1), "consent": True}
    if agency_id is not None:
        body["agency_id"] = agency_id
    response = client.post(URL + query, json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"agency_id": message}
    assert db.session.execute(db.select(Registration)).first() is None


def test_duplicate_and_closed_and_unknown_event(client, db):
    make_event(provinces=("17",))
    [agency] = make_agencies("17")
    [other] = make_agencies("51")
    assert client.post(URL, json={**person(1, agency), "consent": True}).status_code == 201
    duplicate = client.post(URL, json={**person(1, agency), "email": "lain@example.go.id", "consent": True})
    assert duplicate.status_code == 409 and duplicate.get_json()["error"]["code"] == "duplicate"
    assert list(duplicate.get_json()["error"]["fields"]) == ["nip"]
    # An address whose text contains "nip" still names the e-mail (the key, not the value, decides).
    client.post(URL, json={**person(5, agency), "email": "nip.x@example.go.id", "consent": True})
    same_mail = client.post(URL, json={**person(6, agency), "email": "NIP.x@example.go.id", "consent": True})
    assert same_mail.status_code == 409 and list(same_mail.get_json()["error"]["fields"]) == ["email"]
    not_invited = client.post(URL, json={**person(3, other), "consent": True})
    assert not_invited.status_code == 422 and "agency_id" in not_invited.get_json()["error"]["fields"]
    assert client.post("/api/v1/events/nope/registrations", json={}).status_code == 404
    make_event(slug="tutup", status="closed")
    closed = client.post("/api/v1/events/tutup/registrations", json={**person(4, agency), "consent": True})
    assert closed.status_code == 409 and closed.get_json()["error"]["code"] == "registration_closed"


def test_focal_point_token_registers_for_own_agency(client, db, api_token):
    make_event()
    agency, other = make_agencies("17", 2)
    user, token = api_token("agency_focal_point", agency_id=agency)
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post(URL, json={**person(1), "consent": True}, headers=headers)
    assert response.status_code == 201
    registration = db.session.get(Registration, response.get_json()["id"])
    assert registration.agency_id == agency and registration.registered_by_id == user.id
    refused = client.post(URL, json={**person(2, other), "consent": True}, headers=headers)
    assert refused.status_code == 422


def test_list_for_organisers_with_filters(client, db, api_token):
    make_event()
    [a] = make_agencies("17")
    [b] = make_agencies("31")
    for n, agency in ((1, a), (2, a), (3, b)):
        client.post(URL, json={**person(n, agency), "consent": True})
    assert client.get(URL).status_code == 401
    _, focal = api_token("agency_focal_point", agency_id=a)
    assert client.get(URL, headers={"Authorization": f"Bearer {focal}"}).status_code == 403
    _, token = api_token("organiser")
    headers = {"Authorization": f"Bearer {token}"}
    data = client.get(URL, headers=headers).get_json()["data"]
    assert [r["nip"] for r in data] == [person(n)["nip"] for n in (1, 2, 3)]
    assert data[0]["created_at"].endswith("+00:00")
    assert len(client.get(URL + "?province_code=31", headers=headers).get_json()["data"]) == 1
    assert len(client.get(URL + f"?agency_id={a}", headers=headers).get_json()["data"]) == 2
    assert len(client.get(URL + "?status=waitlisted", headers=headers).get_json()["data"]) == 0


def test_patch_approve_reject_cancel(client, db, api_token):
    event_id = make_event(capacity=1, requires_approval=True)
    [a] = make_agencies("17")
    first = client.post(URL, json={**person(1, a), "consent": True}).get_json()
    second = client.post(URL, json={**person(2, a), "consent": True}).get_json()
    assert (first["status"], second["status"]) == ("pending", "waitlisted")
    _, token = api_token("organiser")
    headers = {"Authorization": f"Bearer {token}"}
    patch = lambda rid, body: client.patch(f"/api/v1/registrations/{rid}", json=body, headers=headers)  # noqa: E731
    assert patch(first["id"], {"status": "rejected"}).status_code == 422  # reason required
    assert patch(first["id"], {"status": "bogus"}).status_code == 422
    rejected = patch(first["id"], {"status": "rejected", "reason": "Kuota instansi"})
    assert rejected.status_code == 200 and rejected.get_json()["rejection_reason"] == "Kuota instansi"
    assert [s for _, s in statuses(event_id)] == ["rejected", "pending"]
    assert patch(second["id"], {"status": "confirmed"}).get_json()["status"] == "confirmed"
    assert patch(second["id"], {"status": "cancelled"}).get_json()["status"] == "cancelled"
    assert patch(second["id"], {"status": "confirmed"}).status_code == 422
    assert patch(9999, {"status": "confirmed"}).status_code == 404


def test_api_list_runs_a_constant_number_of_statements(client, db, api_token, query_counter):
    make_event()
    agencies = make_agencies("17", 4)
    _, token = api_token("organiser")
    headers = {"Authorization": f"Bearer {token}"}

    def measure():
        with query_counter() as n:
            assert client.get(URL, headers=headers).status_code == 200
        return n[0]

    for i in range(2):
        client.post(URL, json={**person(i + 1, agencies[i % 4]), "consent": True})
    small = measure()
    for i in range(2, 40):
        client.post(URL, json={**person(i + 1, agencies[i % 4]), "consent": True})
    assert measure() == small


def test_registration_runs_a_small_constant_number_of_statements(client, db, query_counter):
    make_event(capacity=5, per_agency=2)
    agencies = make_agencies("17", 3)
    counts: dict[str, set[int]] = {}
    for n in range(1, 12):
        with query_counter() as q:
            response = client.post(URL, json={**person(n, agencies[n % 3]), "consent": True})
        counts.setdefault(response.get_json()["status"], set()).add(q[0])
    # The same few statements whatever the number of registrations: the event with the agency,
    # the registration written waiting, the lock, the seats, the message; one who gets a seat
    # has their status updated under the lock.
    assert counts == {"confirmed": {6}, "waitlisted": {5}}


def test_routes_are_documented():
    paths = document()["paths"]
    assert {"post", "get"} <= set(paths["/events/{slug}/registrations"])
    assert "patch" in paths["/registrations/{registration_id}"]
