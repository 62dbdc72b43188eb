"""Each refusal names the rule that refused it: a focal point's PATCH of a field is refused as a
field only organisers change (not as "only organisers can set this status"), a dropped item as
dropped, a missing agency as missing, a province that was never checked for an invitation as
unknown. Nothing changes with a refusal. API and pages, Indonesian and English."""
from datetime import date

import pytest

from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionItem, ActionUpdate, Issue
from tests.conftest import login, strip_tags

STATUS_RULE = "Hanya penyelenggara yang dapat menetapkan status ini."
FIELD_RULE = "Hanya penyelenggara yang dapat mengubah isian ini; focal point melaporkan status dan kemajuan."
FIELD_RULE_EN = "Only the organiser can change this field; focal points report the status and progress."


def _h(token):
    return {"Authorization": f"Bearer {token}"}


def _snapshot(app, item_id):
    with app.app_context():
        item = _db.session.get(ActionItem, item_id)
        state = (item.title, item.description, item.expected_output, item.due_date, item.agency_id,
                 item.category, item.status, item.progress)
        updates = _db.session.query(ActionUpdate).count()
        _db.session.remove()
        return state, updates


@pytest.fixture
def focal(api_token):
    return _h(api_token("province_focal_point", province_code="17")[1])


@pytest.fixture
def organiser(api_token):
    return _h(api_token("organiser")[1])


@pytest.mark.parametrize("body", [
    {"description": "Diganti focal point"},
    {"title": "Judul baru"},
    {"expected_output": "Keluaran lain"},
    {"due_date": "2030-01-01"},
    {"category": "sarana_prasarana"},
    {"issue_ids": []},
])
def test_focal_point_patching_a_field_is_told_the_field_is_the_organisers(app, client, world, add_item,
                                                                           focal, body):
    item_id = add_item("17")
    before = _snapshot(app, item_id)
    response = client.patch(f"/api/v1/action-items/{item_id}", json=body, headers=focal)
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields == {next(iter(body)): FIELD_RULE}
    assert STATUS_RULE not in fields[next(iter(body))]
    english = client.patch(f"/api/v1/action-items/{item_id}?lang=en", json=body, headers=focal)
    assert english.get_json()["error"]["fields"] == {next(iter(body)): FIELD_RULE_EN}
    assert _snapshot(app, item_id) == before


def test_a_field_and_a_status_together_name_the_field(app, client, world, add_item, focal):
    item_id = add_item("17")
    response = client.patch(f"/api/v1/action-items/{item_id}", headers=focal,
                            json={"description": "x", "agency_id": world.other_agency["17"], "status": "blocked"})
    assert response.get_json()["error"]["fields"] == {"agency_id": FIELD_RULE, "description": FIELD_RULE}
    assert _snapshot(app, item_id)[0][-2] == "open"


@pytest.mark.parametrize("current, verification, wanted, message, english", [
    ("open", None, "dropped", STATUS_RULE, "Only the organiser can set this status."),
    ("dropped", None, "open", "Butir ini tidak dilanjutkan; hanya penyelenggara yang dapat mengubahnya.",
     "This item has been dropped; only the organiser can change it."),
    ("dropped", None, "in_progress", "Butir ini tidak dilanjutkan; hanya penyelenggara yang dapat mengubahnya.",
     "This item has been dropped; only the organiser can change it."),
    ("done", "verified", "in_progress",
     "Butir ini sudah diverifikasi selesai; hanya penyelenggara yang dapat mengubahnya.",
     "This item has been verified as done; only the organiser can change it."),
])
def test_status_refusals_name_their_rule(app, client, world, users, add_item, focal, current, verification,
                                         wanted, message, english):
    item_id = add_item("17", status=current, verification=verification)
    before = _snapshot(app, item_id)
    for query, expected in (("", message), ("?lang=en", english)):
        patched = client.patch(f"/api/v1/action-items/{item_id}{query}", json={"status": wanted}, headers=focal)
        assert patched.status_code == 422 and patched.get_json()["error"]["fields"] == {"status": expected}
        posted = client.post(f"/api/v1/action-items/{item_id}/updates{query}", json={"status": wanted},
                             headers=focal)
        assert posted.status_code == 422 and posted.get_json()["error"]["fields"] == {"status": expected}
    # The page's progress form says the same.
    login(client, users["fp17"].email)
    page = client.post(f"/follow-up/items/{item_id}/updates", data={"status": wanted},
                       follow_redirects=True).get_data(as_text=True)
    assert message in strip_tags(page)
    assert _snapshot(app, item_id) == before


def _new_commitment(client, world, headers, **fields):
    body = {"title": "Mal Pelayanan Publik", "agency_id": world.agencies["17"], "due_date": "2021-12-31", **fields}
    body = {k: v for k, v in body.items() if v is not None}
    return client.post(f"/api/v1/events/{world.slug}/action-items", json=body, headers=headers)


@pytest.fixture
def other_events_issue(app, world):
    from lokakarya.events.models import Event, InvitedProvince

    with app.app_context():
        other = Event(slug="fu-2021", title="Lokakarya Lain", timezone="Asia/Jakarta", status="published")
        other.invited = [InvitedProvince(province_code="17")]
        _db.session.add(other)
        _db.session.flush()
        issue = Issue(event_id=other.id, province_code="17", agency_id=world.agencies["17"],
                      category="dasar_hukum", description="Di acara lain")
        _db.session.add(issue)
        _db.session.commit()
        return issue.id


@pytest.mark.parametrize("fields, field, message", [
    ({"agency_id": None}, "agency_id", "Wajib diisi."),
    ({"agency_id": ""}, "agency_id", "Wajib diisi."),
    # Types are the API document's check, which answers before the service's.
    ({"issue_ids": "5"}, "issue_ids", "Harus berupa daftar."),
    ({"issue_ids": 5}, "issue_ids", "Harus berupa daftar."),
    ({"issue_ids": ["lima"]}, "issue_ids[0]", "Harus berupa bilangan bulat."),
    ({"issue_ids": [999999]}, "issue_ids", "Permasalahan tidak dikenal, dari acara lain, atau dari provinsi lain."),
    ({"issue_ids": "OTHER_EVENT"}, "issue_ids",
     "Permasalahan tidak dikenal, dari acara lain, atau dari provinsi lain."),
])
def test_commitment_refusals_name_their_rule(app, client, world, open_submissions, focal,
                                             other_events_issue, fields, field, message):
    if fields.get("issue_ids") == "OTHER_EVENT":
        fields = {"issue_ids": [other_events_issue]}
    response = _new_commitment(client, world, focal, **fields)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {field: message}
    with app.app_context():
        assert _db.session.query(ActionItem).count() == 0


def test_missing_agency_on_the_commitment_form_is_required_not_unknown(app, client, world, users, open_submissions):
    login(client, users["fp17"].email)
    page = client.post(f"/events/{world.slug}/follow-up/provinces/17/commitments", data={
        "title": "X", "agency_id": "", "due_date": "2021-12-31"}, follow_redirects=True).get_data(as_text=True)
    assert "Wajib diisi." in page and "Instansi tidak dikenal" not in page
    with app.app_context():
        assert _db.session.query(ActionItem).count() == 0


def test_recommendation_for_an_unknown_province_is_told_unknown(app, client, world, organiser):
    """Recommendations may go to any province (the invitation is not checked), so the refusal
    does not claim it was."""
    body = {"kind": "recommendation", "title": "Percepat MPP", "due_date": "2021-12-31"}
    unknown = client.post(f"/api/v1/events/{world.slug}/action-items", headers=organiser,
                          json={**body, "province_code": "99", "agency_id": world.agencies["17"]})
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["fields"] == {"province_code": "Provinsi tidak dikenal."}
    english = client.post(f"/api/v1/events/{world.slug}/action-items?lang=en", headers=organiser,
                          json={**body, "province_code": "99", "agency_id": world.agencies["17"]})
    assert english.get_json()["error"]["fields"] == {"province_code": "Unknown province."}
    with app.app_context():
        assert _db.session.query(ActionItem).count() == 0


def test_organiser_writing_an_issue_without_a_province_is_told_it_is_required(app, client, world,
                                                                              organiser, open_submissions):
    """Not a 403 "you may not see or change this": organisers may, they only have to say where."""
    response = client.post(f"/api/v1/events/{world.slug}/issues", headers=organiser,
                           json={"category": "dasar_hukum", "description": "Regulasi"})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"province_code": "Wajib diisi."}
    commitment = _new_commitment(client, world, organiser, kind="commitment")
    assert commitment.status_code == 422
    assert commitment.get_json()["error"]["fields"] == {"province_code": "Wajib diisi."}
    with app.app_context():
        assert _db.session.query(Issue).count() == 0 and _db.session.query(ActionItem).count() == 0


def test_organiser_may_still_patch_every_field(app, client, world, add_item, organiser):
    item_id = add_item("17")
    response = client.patch(f"/api/v1/action-items/{item_id}", headers=organiser,
                            json={"description": "Diperbarui", "due_date": "2022-01-31"})
    assert response.status_code == 200
    assert _snapshot(app, item_id)[0][1] == "Diperbarui" and _snapshot(app, item_id)[0][3] == date(2022, 1, 31)
