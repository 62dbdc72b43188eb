"""The whole round through the API: the focal point files issues and commitments and submits;
the organiser returns with a comment or accepts; commitments become tracked on submission."""
from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionItem, Submission


def _h(token):
    return {"Authorization": f"Bearer {token}"}


def _tracked(app) -> list[bool]:
    with app.app_context():
        return [i.tracked for i in _db.session.execute(_db.select(ActionItem)).scalars()]


def _state(app, code="17") -> str:
    with app.app_context():
        return _db.session.execute(_db.select(Submission.state).filter_by(province_code=code)).scalar_one()


def test_focal_point_submits_and_organiser_returns_then_accepts(app, client, world, api_token, open_submissions):
    _fp, fp = api_token("province_focal_point", province_code="17")
    _org, org = api_token("organiser")
    base = f"/api/v1/events/{world.slug}/follow-up/provinces/17"

    empty = client.post(f"{base}/submit", headers=_h(fp))
    assert empty.status_code == 422 and "status" in empty.get_json()["error"]["fields"]
    assert _state(app) == "draft"

    client.post(f"/api/v1/events/{world.slug}/issues", headers=_h(fp), json={
        "agency_id": world.agencies["17"], "category": "sarana_prasarana", "description": "Belum ada MPP"})
    created = client.post(f"/api/v1/events/{world.slug}/action-items", headers=_h(fp), json={
        "title": "Mal Pelayanan Publik", "agency_id": world.agencies["17"], "due_date": "2031-12-31"})
    assert created.status_code == 201 and _tracked(app) == [False]

    done = client.post(f"{base}/submit", headers=_h(fp))
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["state"] == "submitted" and done.get_json()["submitted_at"]
    assert _tracked(app) == [True]
    listed = client.get(f"/api/v1/events/{world.slug}/action-items", headers=_h(fp)).get_json()
    assert [i["title"] for i in listed["data"]] == ["Mal Pelayanan Publik"]
    again = client.post(f"{base}/submit", headers=_h(fp))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"

    assert client.post(f"{base}/return", headers=_h(fp), json={"comment": "x"}).status_code == 403
    assert client.post(f"{base}/accept", headers=_h(fp)).status_code == 403
    blank = client.post(f"{base}/return", headers=_h(org), json={"comment": "  "})
    assert blank.status_code == 422 and "comment" in blank.get_json()["error"]["fields"]
    assert _state(app) == "submitted"

    returned = client.post(f"{base}/return", headers=_h(org), json={"comment": "Lengkapi keluaran."})
    assert returned.status_code == 200
    assert returned.get_json()["state"] == "returned"
    assert returned.get_json()["return_comment"] == "Lengkapi keluaran."
    assert client.post(f"{base}/accept", headers=_h(org)).status_code == 409

    assert client.post(f"{base}/submit", headers=_h(fp)).get_json()["state"] == "submitted"
    accepted = client.post(f"{base}/accept", headers=_h(org))
    assert accepted.status_code == 200 and accepted.get_json()["state"] == "accepted"
    # Accepted is handed in: the focal point can no longer add to it, nor submit it again.
    locked = client.post(f"/api/v1/events/{world.slug}/issues", headers=_h(fp), json={
        "agency_id": world.agencies["17"], "category": "dasar_hukum", "description": "Lagi"})
    assert locked.status_code == 409
    assert client.post(f"{base}/submit", headers=_h(fp)).status_code == 409
    state = client.get(f"/api/v1/events/{world.slug}/follow-up", headers=_h(fp)).get_json()
    assert state["provinces"][0]["state"] == "accepted"


def test_another_province_or_no_round_is_refused(app, client, world, api_token, open_submissions):
    _fp, fp73 = api_token("province_focal_point", province_code="73")
    refused = client.post(f"/api/v1/events/{world.slug}/follow-up/provinces/17/submit", headers=_h(fp73))
    assert refused.status_code == 403
    _org, org = api_token("organiser")
    missing = client.post(f"/api/v1/events/{world.slug}/follow-up/provinces/31/submit", headers=_h(org))
    assert missing.status_code == 404
    assert client.post("/api/v1/events/nope/follow-up/provinces/17/accept", headers=_h(org)).status_code == 404
    assert _state(app) == "draft"


def test_organiser_accepts_on_the_page(app, client, world, users, open_submissions, add_issue):
    from tests.conftest import login

    add_issue("17")
    login(client, users["fp17"].email)
    client.post(f"/events/{world.slug}/follow-up/provinces/17/submit")
    client.post("/logout")
    login(client, users["organiser"].email)
    page = client.get(f"/events/{world.slug}/follow-up/provinces/17").get_data(as_text=True)
    assert "Terima kiriman" in page
    client.post(f"/events/{world.slug}/follow-up/provinces/17/accept")
    assert _state(app) == "accepted"
    page = client.get(f"/events/{world.slug}/follow-up/provinces/17").get_data(as_text=True)
    assert "Diterima" in page and "Terima kiriman" not in page
