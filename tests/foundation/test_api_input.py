"""API input the document forbids is a 422 naming the field, never a 5xx, and changes nothing:
numbers beyond the database's integer, wrong JSON types, text longer than its column, control
characters, codes and ids that do not exist. One table per class, over several endpoints."""
import pytest

from lokakarya.agencies.models import Agency
from lokakarya.core.forms import FORBIDDEN_CHARACTERS
from lokakarya.extensions import db
from lokakarya.followup.models import ActionItem, Issue
from lokakarya.registration.models import Registration

SLUG = "standar-pelayanan-publik-wilayah-i-2020"
BIG = 2**31  # one past PostgreSQL's integer
AGENCY = {"name": "Dinas Uji", "kind": "dukcapil", "province_code": "17"}
ISSUE = {"province_code": "17", "category": "sarana_prasarana", "description": "Belum ada MPP"}
ITEM = {"kind": "recommendation", "province_code": "17", "title": "Bangun MPP", "due_date": "2030-01-31"}
PERSON = {"name": "Peserta Uji", "nip": "198609262015051001", "position": "Analis",
          "email": "peserta@example.go.id", "phone": "081234567890", "consent": True}


@pytest.fixture
def organiser(demo, api_token):
    _user, token = api_token("organiser")
    return {"Authorization": f"Bearer {token}"}


def _agency_17(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(Agency.id).where(Agency.province_code == "17")).scalars().first()


def _rows(app) -> list[int]:
    with app.app_context():
        return [db.session.query(m).count() for m in (Agency, Issue, ActionItem, Registration)]


def _refused(response, field: str) -> str:
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"], error
    return error["fields"][field]


def _send(client, headers, method, path, body):
    return getattr(client, method)(f"/api/v1{path}", json=body, headers=headers)


@pytest.mark.parametrize("method,path,body,field", [
    ("post", f"/events/{SLUG}/issues", {**ISSUE, "agency_id": BIG}, "agency_id"),
    ("post", f"/events/{SLUG}/action-items", {**ITEM, "agency_id": 10**20}, "agency_id"),
    ("post", f"/events/{SLUG}/action-items", {**ITEM, "agency_id": 1, "issue_ids": [BIG]}, "issue_ids[0]"),
    ("post", f"/events/{SLUG}/reminders/send-now", {"session_id": BIG}, "session_id"),
    ("post", "/events", {"title": "Uji", "capacity": BIG}, "capacity"),
    ("put", f"/events/{SLUG}/reminders", {"rules": [{"id": BIG, "active": False}]}, "rules[0].id"),
])
def test_numbers_beyond_the_database_integer_in_bodies_are_422(app, client, organiser, method, path, body, field):
    before = _rows(app)
    _refused(_send(client, organiser, method, path, body), field)
    assert _rows(app) == before


@pytest.mark.parametrize("query,field", [
    ("/action-items?offset=35258418763706679296", "offset"),
    ("/action-items?limit=2147483648", "limit"),
    (f"/events/{SLUG}/action-items?year=99999999999", "year"),
    (f"/events/{SLUG}/registrations?agency_id=2147483648", "agency_id"),
    (f"/events/{SLUG}/registrations?agency_id=abc", "agency_id"),
    ("/action-items?overdue=maybe", "overdue"),
])
def test_query_values_the_document_forbids_are_422(client, organiser, query, field):
    _refused(client.get(f"/api/v1{query}", headers=organiser), field)


@pytest.mark.parametrize("event", ["99999999999", "2147483648", "١٢"])  # beyond the integer; Arabic-Indic digits
def test_an_event_filter_no_event_has_lists_nothing(client, organiser, event):
    response = client.get(f"/api/v1/action-items?event={event}", headers=organiser)
    assert response.status_code == 200 and response.get_json()["data"] == []


def test_registering_with_an_agency_id_beyond_the_integer_is_422(app, client, demo):
    from tests.registration.factory import make_event

    with app.app_context():
        make_event(slug="terbuka")
    before = _rows(app)
    _refused(client.post("/api/v1/events/terbuka/registrations", json={**PERSON, "agency_id": BIG}), "agency_id")
    assert _rows(app) == before


@pytest.mark.parametrize("method,path,body,field,message", [
    ("post", "/agencies", {**AGENCY, "province_code": ["17", "31"]}, "province_code", "Harus berupa teks."),
    ("post", "/agencies", {**AGENCY, "name": True}, "name", "Harus berupa teks."),
    ("post", "/agencies", {**AGENCY, "regency_code": {"code": "17.71"}}, "regency_code", "Harus berupa teks."),
    ("post", "/events", {"title": {"id": "Uji"}}, "title", "Harus berupa teks."),
    ("post", "/events", {"title": "Uji", "province_codes": "17"}, "province_codes", "Harus berupa daftar."),
    ("post", "/events", {"title": "Uji", "requires_approval": "yes"}, "requires_approval", "Harus true atau false."),
    ("post", f"/events/{SLUG}/issues", {**ISSUE, "category": 5}, "category", "Harus berupa teks."),
    ("post", f"/events/{SLUG}/issues", {**ISSUE, "province_code": None}, "province_code", "Wajib diisi."),
    ("post", f"/events/{SLUG}/action-items", {**ITEM, "agency_id": "1"}, "agency_id",
     "Harus berupa bilangan bulat."),
    ("post", f"/events/{SLUG}/follow-up", {"deadline": "2030-01-01T00:00:00+07:00", "focal_points": ["17"]},
     "focal_points", "Harus berupa objek."),
    ("put", f"/events/{SLUG}/reminders", {"rules": [{"kind": "minutes_before", "minutes_before": 1.5}]},
     "rules[0].minutes_before", "Harus berupa bilangan bulat."),
])
def test_wrong_json_types_are_422_with_the_field(app, client, organiser, method, path, body, field, message):
    before = _rows(app)
    assert _refused(_send(client, organiser, method, path, body), field) == message
    assert _rows(app) == before


@pytest.mark.parametrize("body", [[], ["name"], "Dinas", 17, None, True])
def test_a_body_that_is_not_an_object_is_422(client, organiser, body):
    for method, path in (("post", "/agencies"), ("post", "/events"), ("patch", f"/events/{SLUG}"),
                         ("post", f"/events/{SLUG}/issues")):
        response = _send(client, organiser, method, path, body)
        assert response.status_code == 422, (path, response.get_data(as_text=True))
        assert response.get_json()["error"]["message"] == "Kirim sebuah objek JSON."


@pytest.mark.parametrize("method,path,body,field", [
    ("post", "/agencies", {**AGENCY, "name": "D" * 201}, "name"),
    ("post", "/events", {"title": "T" * 301}, "title"),
    ("post", "/events", {"title": "Uji", "organiser_unit": "U" * 201}, "organiser_unit"),
    ("post", f"/events/{SLUG}/issues", {**ISSUE, "description": "x" * 10_001}, "description"),
    ("post", f"/events/{SLUG}/action-items", {**ITEM, "agency_id": 1, "title": "t" * 301}, "title"),
    ("patch", f"/events/{SLUG}", {"meeting": {"join_url": "https://zoom.us/j/1", "passcode": "p" * 101}},
     "meeting.passcode"),
    ("post", f"/events/{SLUG}/follow-up", {"deadline": "2030-01-01T00:00:00+07:00",
                                           "focal_points": {"17": "a" * 250 + "@x.id"}}, "focal_points.17"),
])
def test_text_longer_than_its_column_is_422(app, client, organiser, method, path, body, field):
    before = _rows(app)
    assert "paling banyak" in _refused(_send(client, organiser, method, path, body), field)
    assert _rows(app) == before


def test_an_over_long_phone_or_name_in_a_registration_is_422(app, client, demo):
    from tests.registration.factory import make_event

    with app.app_context():
        make_event(slug="terbuka")
    agency = _agency_17(app)
    for field, value in (("phone", "0812" * 2500), ("name", "N" * 201), ("nip", "1" * 31)):
        _refused(client.post("/api/v1/events/terbuka/registrations",
                             json={**PERSON, "agency_id": agency, field: value}), field)


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\ud800"])
@pytest.mark.parametrize("method,path,body,field", [
    ("post", "/agencies", {**AGENCY, "name": "Dinas {c}"}, "name"),
    ("post", "/events", {"title": "Lokakarya {c}"}, "title"),
    ("post", f"/events/{SLUG}/sessions", {"title": "Sesi", "starts_at": "2030-01-01T09:00:00+07:00",
                                          "ends_at": "2030-01-01T10:00:00+07:00", "speakers": ["A", "B{c}"]},
     "speakers[1]"),
    ("patch", f"/events/{SLUG}", {"meeting": {"join_url": "https://zoom.us/j/1", "passcode": "{c}"}},
     "meeting.passcode"),
    ("post", f"/events/{SLUG}/issues", {**ISSUE, "description": "Belum{c}"}, "description"),
])
def test_control_characters_in_any_text_are_422_naming_the_field(app, client, organiser, method, path, body,
                                                                  field, character):
    body = {k: (v.replace("{c}", character) if isinstance(v, str) else v) for k, v in body.items()}
    for key in ("speakers",):
        if key in body:
            body[key] = [s.replace("{c}", character) for s in body[key]]
    if "meeting" in body:
        body["meeting"] = {k: v.replace("{c}", character) for k, v in body["meeting"].items()}
    before = _rows(app)
    assert _refused(_send(client, organiser, method, path, body), field) == str(FORBIDDEN_CHARACTERS)
    assert _rows(app) == before


@pytest.mark.parametrize("query,field", [("/agencies?q=Dinas%00", "q"), ("/agencies?province_code=%01", "province_code"),
                                         (f"/events/{SLUG}/issues?province_code=1%1b", "province_code")])
def test_control_characters_in_query_strings_are_422(client, organiser, query, field):
    _refused(client.get(f"/api/v1{query}", headers=organiser), field)


def test_tabs_and_line_breaks_are_text(client, organiser):
    response = client.post(f"/api/v1/events/{SLUG}/issues", headers=organiser,
                           json={**ISSUE, "description": "Satu\tdua\r\ntiga\n"})
    assert response.status_code == 201, response.get_data(as_text=True)


def test_field_errors_follow_the_language(client, organiser):
    response = client.post("/api/v1/agencies?lang=en", headers=organiser, json={**AGENCY, "name": ["x"]})
    assert _refused(response, "name") == "Must be text."
    assert response.get_json()["error"]["message"] == "Check the fields marked."


@pytest.mark.parametrize("method,path,body,field", [
    ("post", "/agencies", {**AGENCY, "province_code": "99"}, "province_code"),
    ("post", "/agencies", {**AGENCY, "regency_code": "99.99"}, "regency_code"),
    ("post", "/events", {"title": "Uji", "province_codes": ["17", "99"]}, "province_codes"),
    ("post", f"/events/{SLUG}/issues", {**ISSUE, "agency_id": 999_999}, "agency_id"),
    ("post", f"/events/{SLUG}/issues", {**ISSUE, "province_code": "99"}, "province_code"),
    ("post", f"/events/{SLUG}/action-items", {**ITEM, "agency_id": 999_999}, "agency_id"),
    ("post", f"/events/{SLUG}/action-items", {**ITEM, "province_code": "99", "agency_id": 1}, "province_code"),
    ("post", f"/events/{SLUG}/reminders/send-now", {"session_id": 999_999}, "session_id"),
])
def test_codes_and_ids_that_do_not_exist_are_422_with_the_field(app, client, organiser, method, path, body, field):
    before = _rows(app)
    _refused(_send(client, organiser, method, path, body), field)
    assert _rows(app) == before


def test_an_unknown_event_is_404_before_its_body_is_judged(client):
    response = client.post("/api/v1/events/tidak-ada/registrations", json={"name": True})
    assert response.status_code == 404


def test_data_rules_answer_in_the_callers_language(client, organiser):
    """The agency directory's refusals say what its form says, in Indonesian or English."""
    assert _refused(client.post("/api/v1/agencies", headers=organiser, json={**AGENCY, "province_code": "99"}),
                    "province_code") == "Pilihan tidak dikenal."
    english = client.post("/api/v1/agencies?lang=en", headers=organiser, json={**AGENCY, "regency_code": "31.71"})
    assert _refused(english, "regency_code") == "That regency/city is not in the chosen province."


@pytest.mark.parametrize("method,path,body,field,message", [
    ("put", f"/events/{SLUG}/reminders", {"rules": [{"id": 999_999}]}, "rules[0].id", "Aturan pengingat tidak dikenal."),
    ("put", f"/events/{SLUG}/reminders", {"rules": [{"kind": "day_before", "days_before": 2}]}, "rules[0].local_time",
     "Isi jam dengan format JJ:MM, misalnya 09:00."),
    ("post", f"/events/{SLUG}/reminders/send-now", {"session_id": 999_999}, "session_id",
     "Pilih sesi yang belum dibatalkan."),
])
def test_reminder_refusals_say_what_the_page_says(client, organiser, method, path, body, field, message):
    assert _refused(_send(client, organiser, method, path, body), field) == message
