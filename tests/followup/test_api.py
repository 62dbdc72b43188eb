"""The follow-up API: round, issues, action items per event and across events with filters,
PATCH and updates; refusals in the documented error shape that change nothing."""
from datetime import date

from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionItem, ActionUpdate


def _headers(token):
    return {"Authorization": f"Bearer {token}"}


def test_round_open_and_state(app, client, world, users, api_token):
    _user, token = api_token("organiser")
    response = client.post(f"/api/v1/events/{world.slug}/follow-up", headers=_headers(token),
                           json={"deadline": "2020-11-30T23:59:00+07:00"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["deadline"] == "2020-11-30T16:59:00+00:00"
    assert [(p["province_code"], p["state"]) for p in body["provinces"]] == [("17", "draft"), ("73", "draft"),
                                                                            ("94", "draft")]
    again = client.post(f"/api/v1/events/{world.slug}/follow-up", headers=_headers(token),
                        json={"deadline": "2020-12-30T23:59:00+07:00"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    bad = client.post("/api/v1/events/no-such/follow-up", headers=_headers(token), json={"deadline": "x"})
    assert bad.status_code == 404
    _fp, fp_token = api_token("province_focal_point", province_code="73")
    mine = client.get(f"/api/v1/events/{world.slug}/follow-up", headers=_headers(fp_token)).get_json()
    assert [p["province_code"] for p in mine["provinces"]] == ["73"]


def test_focal_point_adds_issue_and_commitment(app, client, world, users, api_token, open_submissions):
    _fp, token = api_token("province_focal_point", province_code="17")
    issue = client.post(f"/api/v1/events/{world.slug}/issues", headers=_headers(token), json={
        "agency_id": world.agencies["17"], "category": "sarana_prasarana", "description": "Belum ada MPP"})
    assert issue.status_code == 201
    issue = issue.get_json()
    assert (issue["province_code"], issue["category"]) == ("17", "sarana_prasarana")
    bad = client.post(f"/api/v1/events/{world.slug}/issues", headers=_headers(token),
                      json={"category": "nope", "description": ""})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"category", "description"}
    item = client.post(f"/api/v1/events/{world.slug}/action-items", headers=_headers(token), json={
        "title": "Pelayanan prima berbasis online", "agency_id": world.agencies["17"], "due_date": "2021-12-31",
        "issue_ids": [issue["id"]], "expected_output": "Sistem terintegrasi"})
    assert item.status_code == 201
    item = item.get_json()
    assert (item["kind"], item["issue_ids"], item["status"], item["overdue"]) == (
        "commitment", [issue["id"]], "open", True)
    # Another province's issue cannot be answered; a focal point cannot write for another province.
    refused = client.post(f"/api/v1/events/{world.slug}/action-items", headers=_headers(token), json={
        "province_code": "73", "title": "X", "agency_id": world.agencies["73"], "due_date": "2021-12-31"})
    assert refused.status_code == 403
    recommendation = client.post(f"/api/v1/events/{world.slug}/action-items", headers=_headers(token), json={
        "kind": "recommendation", "title": "X", "agency_id": world.agencies["17"], "due_date": "2021-12-31"})
    assert recommendation.status_code == 403


def test_lists_filters_patch_and_updates(app, client, world, users, api_token, add_item):
    late = add_item("17", due=date(2021, 1, 31), status="in_progress")
    add_item("73", due=date(2099, 1, 1))
    add_item("94", due=date(2021, 1, 31), status="done", verification="verified")
    _org, token = api_token("organiser")
    h = _headers(token)

    def ids(url):
        response = client.get(url, headers=h)
        assert response.status_code == 200, response.get_json()
        return [i["id"] for i in response.get_json()["data"]]

    assert len(ids("/api/v1/action-items")) == 3
    assert ids("/api/v1/action-items?overdue=true") == [late]
    assert ids("/api/v1/action-items?province_code=17") == [late]
    assert ids("/api/v1/action-items?status=in_progress") == [late]
    assert len(ids(f"/api/v1/action-items?event={world.slug}")) == 3
    assert ids("/api/v1/action-items?event=other-event") == []
    assert len(ids(f"/api/v1/events/{world.slug}/action-items?overdue=false")) == 2
    page = client.get("/api/v1/action-items?limit=2&offset=2", headers=h).get_json()
    assert page["meta"] == {"total": 3, "limit": 2, "offset": 2} and len(page["data"]) == 1

    _fp, fp_token = api_token("province_focal_point", province_code="17")
    fh = _headers(fp_token)
    patched = client.patch(f"/api/v1/action-items/{late}", headers=fh, json={"status": "done", "progress": 100})
    assert patched.status_code == 200
    assert (patched.get_json()["status"], patched.get_json()["verification"]) == ("done", "pending")
    refused = client.patch(f"/api/v1/action-items/{late}", headers=fh, json={"due_date": "2030-01-01"})
    assert refused.status_code == 422 and "due_date" in refused.get_json()["error"]["fields"]
    bad = client.post(f"/api/v1/action-items/{late}/updates", headers=fh,
                      json={"note": "x", "progress": 150, "evidence_url": "javascript:alert(1)"})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"progress"}
    bad = client.post(f"/api/v1/action-items/{late}/updates", headers=fh,
                      json={"note": "x", "progress": 50, "evidence_url": "javascript:alert(1)"})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"evidence_url"}
    posted = client.post(f"/api/v1/action-items/{late}/updates", headers=fh, json={
        "note": "Bukti terlampir", "evidence_url": "https://bengkuluprov.example.go.id/bukti"})
    assert posted.status_code == 201
    updates = client.get(f"/api/v1/action-items/{late}/updates", headers=fh).get_json()["data"]
    assert [u["note"] for u in updates] == ["Diubah melalui API", "Bukti terlampir"]
    with app.app_context():
        assert _db.session.get(ActionItem, late).due_date == date(2021, 1, 31)
        assert _db.session.query(ActionUpdate).count() == 2
    # The organiser changes anything, including the due date.
    assert client.patch(f"/api/v1/action-items/{late}", headers=h,
                        json={"due_date": "2030-01-01"}).get_json()["due_date"] == "2030-01-01"


def test_every_followup_route_is_in_the_openapi_document(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.") and r.rule.startswith("/api/v1")
             and ("follow-up" in r.rule or "action-items" in r.rule or "issues" in r.rule)]
    assert rules
    for rule in rules:
        path = rule.rule.removeprefix("/api/v1").replace("<slug>", "{slug}").replace("<int:item_id>", "{item_id}").replace("<code>", "{code}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in doc["paths"][path], (path, method)


def test_odd_parameters_are_ignored_or_refused_never_a_500(app, client, world, users, api_token, add_item):
    from tests.conftest import login

    item = add_item("17")
    _org, token = api_token("organiser")
    h = _headers(token)
    login(client, users["organiser"].email)
    for url in ("/follow-up/?year=99999999999&status=x&province_group=y&event=z&overdue=maybe",
                "/follow-up/items?page=-1&year=abc", "/follow-up/export.csv?year=0",
                "/follow-up/provinces/xx", f"/events/{world.slug}/follow-up/provinces/99"):
        assert client.get(url).status_code in (200, 404), url
    for url in ("/api/v1/action-items?limit=abc", "/api/v1/action-items?year=99999999999&event=999"):
        assert client.get(url, headers=h).status_code in (200, 422), url
    for body in ({"status": 5}, {"issue_ids": "x"}, {"kind": "x"}, {"due_date": "31-12-2021"},
                 {"agency_id": {"a": 1}}, {"progress": True}, {}):
        response = client.patch(f"/api/v1/action-items/{item}", headers=h, json=body)
        assert response.status_code == 422 and response.get_json()["error"]["fields"], body
    assert client.patch(f"/api/v1/action-items/{item}", headers=h, data="not json").status_code == 422
