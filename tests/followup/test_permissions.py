"""Permission matrix: every role against every follow-up page, action, export and API route;
and one province's data never reaches another province's focal point."""
import io

import pytest

from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionUpdate
from tests.conftest import login

ROLES = ("anonymous", "organiser", "admin", "fp17", "fp73", "agency17", "agency17b")
STAFF = {"organiser", "admin"}
OWN_PROVINCE = STAFF | {"fp17"}
OWNERS = OWN_PROVINCE | {"agency17"}
PROVINCE_PAGE = OWNERS | {"agency17b"}  # an agency focal point reads their own province's page
SIGNED_IN = set(ROLES) - {"anonymous"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def routes(w, ids):
    item, issue, update, item2, issue2 = ids["item"], ids["issue"], ids["update"], ids["item2"], ids["issue2"]
    slug, agency = w.slug, w.agencies["17"]
    commitment = {"kind": "commitment", "province_code": "17", "title": "Baru", "agency_id": agency,
                  "due_date": "2021-12-31"}
    return [
        # API first: the page actions below submit the province's submission.
        ("GET", f"/api/v1/events/{slug}/follow-up", None, SIGNED_IN),
        ("POST", f"/api/v1/events/{slug}/follow-up", {"deadline": "2020-12-01T23:59:00+07:00"}, STAFF),
        ("GET", f"/api/v1/events/{slug}/issues", None, SIGNED_IN),
        ("POST", f"/api/v1/events/{slug}/issues",
         {"province_code": "17", "category": "lainnya", "description": "Baru"}, OWN_PROVINCE),
        ("GET", f"/api/v1/events/{slug}/action-items", None, SIGNED_IN),
        ("POST", f"/api/v1/events/{slug}/action-items", commitment, OWN_PROVINCE),
        ("GET", "/api/v1/action-items", None, SIGNED_IN),
        ("GET", f"/api/v1/action-items/{item}", None, OWNERS),
        ("PATCH", f"/api/v1/action-items/{item}", {"progress": 10}, OWNERS),
        ("GET", f"/api/v1/action-items/{item}/updates", None, OWNERS),
        ("POST", f"/api/v1/action-items/{item}/updates", {"note": "Lewat API"}, OWNERS),
        # Pages and exports.
        ("GET", f"/events/{slug}/follow-up", None, STAFF),
        ("GET", f"/events/{slug}/follow-up/report", None, STAFF),
        ("GET", f"/events/{slug}/follow-up/report.pdf", None, STAFF),
        ("GET", f"/events/{slug}/follow-up/provinces/17", None, OWN_PROVINCE),
        ("GET", "/follow-up/", None, SIGNED_IN),
        ("GET", "/follow-up/items", None, SIGNED_IN),
        ("GET", f"/follow-up/items/{item}", None, OWNERS),
        ("GET", f"/follow-up/items/{item}/edit", None, OWN_PROVINCE),
        ("GET", f"/follow-up/issues/{issue}/edit", None, OWN_PROVINCE),
        ("GET", f"/follow-up/updates/{update}/evidence", None, OWNERS),
        ("GET", "/follow-up/provinces/17", None, PROVINCE_PAGE),
        ("GET", "/follow-up/export.csv", None, SIGNED_IN),
        ("GET", "/follow-up/export.xlsx", None, SIGNED_IN),
        # Actions.
        ("POST", f"/follow-up/items/{item}/updates", {"note": "Lewat halaman"}, OWNERS),
        ("POST", f"/follow-up/items/{item}/verify", {"decision": "verify"}, STAFF),
        ("POST", f"/events/{slug}/follow-up/open", {"deadline": "2020-12-01 23:59"}, STAFF),
        ("POST", f"/events/{slug}/follow-up/remind", {}, STAFF),
        ("POST", f"/events/{slug}/follow-up/recommendations",
         {"title": "Rek", "province_code": "17", "agency_id": agency, "due_date": "2021-12-31"}, STAFF),
        ("GET", f"/events/{slug}/follow-up/recommendations?province_code=17", None, STAFF),
        ("POST", f"/events/{slug}/follow-up/provinces/17/issues", {"category": "lainnya", "description": "x"},
         OWN_PROVINCE),
        ("POST", f"/events/{slug}/follow-up/provinces/17/commitments", commitment, OWN_PROVINCE),
        ("POST", f"/follow-up/items/{item}/edit", {**commitment, "title": "Diubah"}, OWN_PROVINCE),
        ("POST", f"/follow-up/issues/{issue}/edit", {"category": "lainnya", "description": "Diubah"},
         OWN_PROVINCE),
        ("POST", f"/follow-up/issues/{issue2}/delete", {}, OWN_PROVINCE),
        ("POST", f"/follow-up/items/{item2}/delete", {}, OWN_PROVINCE),
        ("POST", f"/events/{slug}/follow-up/provinces/17/submit", {}, OWN_PROVINCE),
        ("POST", f"/events/{slug}/follow-up/provinces/17/return", {"comment": "Lengkapi"}, STAFF),
    ]


@pytest.fixture
def setup(app, world, users, add_item, add_issue, open_submissions):
    item = add_item("17")
    item2 = add_item("17", tracked=False, title="Draf komitmen")
    issue, issue2 = add_issue("17"), add_issue("17", text="Akan dihapus")
    with app.app_context():
        from lokakarya.followup import uploads

        update = ActionUpdate(action_item_id=item, note="Bukti", evidence_path=uploads.store(PDF, "pdf"),
                              evidence_name="bukti.pdf", evidence_type="application/pdf")
        _db.session.add(update)
        _db.session.commit()
        return {"item": item, "item2": item2, "issue": issue, "issue2": issue2, "update": update.id}


def _token(app, user):
    from lokakarya.auth.models import User
    from lokakarya.auth.tokens import issue_api_token

    with app.app_context():
        token = issue_api_token(_db.session.get(User, user.id))
        _db.session.commit()
    return token


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(app, client, world, users, setup, role):
    headers = {}
    if role != "anonymous":
        login(client, users[role].email)
        headers = {"Authorization": f"Bearer {_token(app, users[role])}"}
    wrong = []
    for method, url, data, allowed in routes(world, setup):
        api = url.startswith("/api/")
        if api:
            response = client.open(url, method=method, json=data, headers=headers)
        else:
            response = client.open(url, method=method, data=data)
        status = response.status_code
        location = response.headers.get("Location", "")
        if role in allowed:
            ok = status < 400 and "/login" not in location
        elif role == "anonymous":
            ok = status == 401 if api else (status == 302 and "/login" in location)
        else:
            ok = status == 403
        if not ok:
            wrong.append((method, url, status, location))
    assert wrong == []


def test_another_province_sees_nothing_of_bengkulu(app, client, world, users, add_item, add_issue):
    own = add_item("17", title="Rahasia Bengkulu")
    add_item("73", title="Milik Sulsel")
    add_issue("17", text="Masalah Rahasia")
    with app.app_context():
        _db.session.add(ActionUpdate(action_item_id=own, note="Catatan Rahasia"))
        _db.session.commit()
    login(client, users["fp73"].email)
    token = _token(app, users["fp73"])
    headers = {"Authorization": f"Bearer {token}"}
    pages = [client.get(u).get_data(as_text=True) for u in (
        "/follow-up/", "/follow-up/items", "/follow-up/export.csv", "/follow-up/provinces/73")]
    api = [client.get(u, headers=headers).get_data(as_text=True) for u in (
        "/api/v1/action-items", f"/api/v1/events/{world.slug}/action-items", f"/api/v1/events/{world.slug}/issues",
        "/api/v1/action-items?province_code=17")]
    for text in pages + api:
        assert "Rahasia" not in text  # (Bengkulu itself is in the province filter's choices)
    assert "Milik Sulsel" in pages[1] and "Milik Sulsel" in api[0]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/follow-up/export.xlsx").data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Milik Sulsel" in cells and not any("Rahasia" in str(c) for c in cells)
    # The dashboard's province table and chart have no Bengkulu row.
    assert 'data-province="17"' not in pages[0]


def test_agency_focal_point_sees_only_their_agency(app, client, world, users, add_item):
    add_item("17", title="Milik DPMPTSP")
    add_item("17", agency_id=world.other_agency["17"], title="Milik Dukcapil")
    login(client, users["agency17b"].email)
    text = client.get("/follow-up/items").get_data(as_text=True)
    assert "Milik Dukcapil" in text and "Milik DPMPTSP" not in text
    csv_text = client.get("/follow-up/export.csv").data.decode("utf-8")
    assert "Milik Dukcapil" in csv_text and "Milik DPMPTSP" not in csv_text
