"""A refused follow-up form comes back with everything that was typed and each message beside
its field (aria-describedby), instead of a redirect that loses the input."""
import io
import re

from tests.conftest import login


def _field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<small class="field-error" id="{field_id}"[^>]*>([^<]*)</small>', html)
    assert match, f"no error {field_id}"
    return match.group(1)


def test_issue_form_keeps_what_was_typed(client, world, users, open_submissions):
    login(client, users["fp17"].email)
    response = client.post(f"/events/{world.slug}/follow-up/provinces/17/issues", data={
        "description": "Belum ada Mal Pelayanan Publik", "category": "sarana_prasarana", "agency_id": "999999"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert ">Belum ada Mal Pelayanan Publik</textarea>" in html
    assert '<option value="sarana_prasarana" selected>' in html
    assert 'aria-describedby="issue-error-agency_id"' in html
    assert "Instansi tidak dikenal" in _field_error(html, "issue-error-agency_id")


def test_commitment_form_keeps_what_was_typed(client, world, users, open_submissions, add_issue):
    issue_id = add_issue("17")
    login(client, users["fp17"].email)
    response = client.post(f"/events/{world.slug}/follow-up/provinces/17/commitments", data={
        "title": "", "expected_output": "Aplikasi daring", "agency_id": str(world.other_agency["17"]),
        "due_date": "2031-12-31", "issue_ids": [str(issue_id)]})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Aplikasi daring"' in html and 'value="2031-12-31"' in html
    assert f'<option value="{world.other_agency["17"]}" selected>' in html
    assert f'value="{issue_id}" checked' in html
    assert 'name="title" required value="" aria-invalid="true" aria-describedby="item-error-title"' in html
    assert _field_error(html, "item-error-title") == "Wajib diisi."


def test_progress_report_keeps_note_and_percentage_when_the_file_is_refused(client, world, users, add_item):
    item_id = add_item("17")
    login(client, users["fp17"].email)
    response = client.post(f"/follow-up/items/{item_id}/updates", data={
        "note": "Aplikasi telah berjalan", "progress": "60", "status": "in_progress",
        "evidence_file": (io.BytesIO(b"MZ not a pdf"), "bukti.exe")}, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert ">Aplikasi telah berjalan</textarea>" in html and 'value="60"' in html
    assert '<option value="in_progress" selected>' in html
    assert 'aria-describedby="error-evidence_file"' in html
    assert "PDF, PNG atau JPEG" in _field_error(html, "error-evidence_file")


def test_edit_item_keeps_what_was_typed(client, world, users, add_item):
    item_id = add_item("17")
    login(client, users["organiser"].email)
    response = client.post(f"/follow-up/items/{item_id}/edit", data={
        "title": "Judul baru yang diketik", "agency_id": str(world.agencies["17"]), "due_date": "31-12-2031"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Judul baru yang diketik"' in html and 'value="31-12-2031"' in html
    assert "Tanggal tidak valid" in _field_error(html, "error-due_date")


def test_a_commitment_due_before_the_event_or_after_2100_is_refused(app, client, world, users, open_submissions):
    from lokakarya.extensions import db as _db
    from lokakarya.followup.models import ActionItem

    login(client, users["fp17"].email)
    url = f"/events/{world.slug}/follow-up/provinces/17/commitments"
    data = {"title": "Perda", "agency_id": str(world.agencies["17"])}
    early = client.post(url, data={**data, "due_date": "1900-12-31"})
    assert early.status_code == 422
    assert _field_error(early.get_data(as_text=True), "item-error-due_date") == \
        "Target tidak boleh sebelum tanggal acara."
    assert client.post(url, data={**data, "due_date": "2020-11-11"}).status_code == 422  # the day before
    late = client.post(url, data={**data, "due_date": "2999-01-01"})
    assert "31 Desember 2100" in _field_error(late.get_data(as_text=True), "item-error-due_date")
    with app.app_context():
        assert _db.session.query(ActionItem).count() == 0
    assert client.post(url, data={**data, "due_date": "2020-11-12"}).status_code == 302
