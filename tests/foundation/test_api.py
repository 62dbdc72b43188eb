"""API: bearer tokens, roles, the JSON error shape, the OpenAPI document, audit of changes."""
import re

from lokakarya.audit.models import AuditEntry
from lokakarya.extensions import db

NEW_AGENCY = {"name": "DPMPTSP Provinsi Bengkulu", "kind": "dpmptsp", "province_code": "17"}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_error_shape(response, status: int, code: str):
    assert response.status_code == status
    assert response.is_json, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_no_token_is_401(client):
    assert_error_shape(client.post("/api/v1/agencies", json=NEW_AGENCY), 401, "unauthorized")


def test_bad_or_malformed_token_is_401(client, api_token):
    api_token("organiser")
    for header in ({"Authorization": "Bearer lk_not-a-real-token"}, {"Authorization": "Basic abc"},
                   {"Authorization": "Bearer "}):
        assert_error_shape(client.post("/api/v1/agencies", json=NEW_AGENCY, headers=header), 401,
                           "unauthorized")
    # a bad token is refused even where anonymous reading is allowed
    assert client.get("/api/v1/agencies", headers=bearer("lk_wrong")).status_code == 401


def test_token_of_a_deactivated_user_is_401(client, app, api_token):
    user, token = api_token("organiser")
    with app.app_context():
        from lokakarya.auth.models import User

        db.session.get(User, user.id).active = False
        db.session.commit()
    assert_error_shape(client.post("/api/v1/agencies", json=NEW_AGENCY, headers=bearer(token)), 401,
                       "unauthorized")


def test_wrong_role_is_403(client, api_token):
    _, token = api_token("province_focal_point", province_code="17")
    assert_error_shape(client.post("/api/v1/agencies", json=NEW_AGENCY, headers=bearer(token)), 403,
                       "forbidden")
    assert client.get("/api/v1/agencies").get_json() == {"data": []}


def test_organiser_creates_an_agency_and_the_change_is_audited(client, app, api_token):
    user, token = api_token("organiser")
    response = client.post("/api/v1/agencies", json=NEW_AGENCY, headers=bearer(token))
    assert response.status_code == 201
    created = response.get_json()
    assert created["name"] == "DPMPTSP Provinsi Bengkulu" and created["province_code"] == "17"
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        [entry] = db.session.execute(db.select(AuditEntry)).scalars().all()
        assert (entry.actor_id, entry.actor_label, entry.action) == (user.id, user.email, "agency.create")
        assert (entry.object_type, entry.object_id) == ("Agency", str(created["id"]))
        assert entry.before is None
        assert entry.after["name"] == "DPMPTSP Provinsi Bengkulu" and entry.after["kind"] == "dpmptsp"
        assert entry.created_at.tzinfo is not None
    listed = client.get("/api/v1/agencies?province_code=17").get_json()["data"]
    assert [a["id"] for a in listed] == [created["id"]]


def test_validation_errors_are_422_with_fields_and_change_nothing(client, api_token):
    _, token = api_token("organiser")
    error = assert_error_shape(client.post("/api/v1/agencies", json={"kind": "bogus"},
                                           headers=bearer(token)), 422, "validation_error")
    assert set(error["fields"]) == {"name", "kind"}  # what the document forbids is refused first
    error = assert_error_shape(client.post("/api/v1/agencies", json={"name": "Dinas", "kind": "dukcapil"},
                                           headers=bearer(token)), 422, "validation_error")
    assert set(error["fields"]) == {"province_code"}
    error = assert_error_shape(client.post("/api/v1/agencies", json={**NEW_AGENCY, "regency_code": "31.71"},
                                           headers=bearer(token)), 422, "validation_error")
    assert set(error["fields"]) == {"regency_code"}
    assert_error_shape(client.post("/api/v1/agencies", data="not json", headers=bearer(token)), 422,
                       "validation_error")
    assert client.get("/api/v1/agencies").get_json() == {"data": []}


def test_404_and_405_are_json(client):
    assert_error_shape(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error_shape(client.get("/api/v1/provinces/99/regencies"), 404, "not_found")
    assert_error_shape(client.delete("/api/v1/provinces"), 405, "method_not_allowed")


def test_provinces_and_regencies(client):
    provinces = client.get("/api/v1/provinces").get_json()["data"]
    assert len(provinces) == 38
    bengkulu = next(p for p in provinces if p["code"] == "17")
    assert bengkulu == {"code": "17", "name": "Bengkulu", "timezone": "Asia/Jakarta", "regencies": 10}
    regencies = client.get("/api/v1/provinces/17/regencies").get_json()["data"]
    assert len(regencies) == 10 and {"code": "17.71", "name": "Kota Bengkulu", "kind": "kota",
                                     "province_code": "17"} in regencies


def test_lists_run_a_constant_number_of_statements(client, app, api_token, query_counter):
    _, token = api_token("organiser")

    def measure(path):
        with query_counter() as n:
            assert client.get(path, headers=bearer(token)).status_code == 200
        return n[0]

    client.post("/api/v1/agencies", json=NEW_AGENCY, headers=bearer(token))
    few = measure("/api/v1/agencies")
    for i in range(15):
        client.post("/api/v1/agencies", json={**NEW_AGENCY, "name": f"Instansi {i}"}, headers=bearer(token))
    assert measure("/api/v1/agencies") == few


# --- the OpenAPI document stays in step with the routes (guards every feature's endpoints) ----

def _routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len("/api/v1"):])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((method.lower(), path))
    return routes


def _documented(document) -> set[tuple[str, str]]:
    http = {"get", "post", "put", "patch", "delete"}
    return {(method, path) for path, item in document["paths"].items() for method in item if method in http}


def test_openapi_document_lists_every_api_route_and_nothing_else(client, app):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    routes, documented = _routes(app), _documented(document)
    undocumented = sorted(routes - documented)
    stale = sorted(documented - routes)
    assert not undocumented, (
        "API routes missing from the OpenAPI document (add them to lokakarya/<feature>/openapi.json):\n"
        + "\n".join(f"  {m.upper()} /api/v1{p}" for m, p in undocumented))
    assert not stale, (
        "OpenAPI paths without a route (remove them or add the route):\n"
        + "\n".join(f"  {m.upper()} /api/v1{p}" for m, p in stale))


def test_openapi_references_resolve(client):
    document = client.get("/api/v1/openapi.json").get_json()
    text = str(document)
    for ref in set(re.findall(r"#/components/(schemas|responses)/(\w+)", text)):
        assert ref[1] in document["components"][ref[0]], f"unresolved $ref #/components/{ref[0]}/{ref[1]}"
