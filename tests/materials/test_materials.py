"""Uploads, safe downloads, who sees what, minutes with revisions, and the materials API."""
import io
from pathlib import Path

import pytest

from lokakarya.mail.models import OutboxMessage
from lokakarya.materials.models import Material, MinutesRevision
from tests.conftest import login
from tests.materials.samples import HTML, PDF, PPTX
from tests.reminders.builders import make_event, make_registration

SLUG = "lokakarya-uji"


def upload(client, session_id, data, filename, visibility="registrants", title="Bahan paparan"):
    return client.post(f"/events/{SLUG}/materials/upload", content_type="multipart/form-data", data={
        "session_id": str(session_id), "title": title, "visibility": visibility,
        "file": (io.BytesIO(data), filename)})


def materials(db) -> list[Material]:
    db.session.expire_all()
    return list(db.session.execute(db.select(Material).order_by(Material.id)).scalars())


@pytest.fixture
def event(db):
    return make_event()


def test_an_uploaded_pdf_is_stored_by_key_and_served_as_an_attachment(client, db, app, event, login_as):
    login_as("organiser")
    assert upload(client, event.sessions[0].id, PDF, "Paparan Kebijakan.pdf").status_code == 302
    (material,) = materials(db)
    stored = Path(app.config["UPLOAD_DIR"]) / "materials" / material.storage_key
    assert stored.read_bytes() == PDF
    assert "Paparan" not in material.storage_key
    response = client.get(f"/events/{SLUG}/materials/{material.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=Paparan_Kebijakan.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_path_in_the_file_name_goes_nowhere(client, db, app, event, login_as, tmp_path):
    login_as("organiser")
    upload_root = Path(app.config["UPLOAD_DIR"])
    before = {p for p in upload_root.parent.rglob("x.pdf")}
    assert upload(client, event.sessions[0].id, PDF, "../../x.pdf").status_code == 302
    (material,) = materials(db)
    assert {p for p in upload_root.parent.rglob("x.pdf")} == before  # nothing written under that name
    assert (upload_root / "materials" / material.storage_key).exists()
    response = client.get(f"/events/{SLUG}/materials/{material.id}")
    assert response.headers["Content-Disposition"] == "attachment; filename=x.pdf"


def test_html_renamed_pdf_is_refused_with_a_message(client, db, event, login_as):
    login_as("organiser")
    response = upload(client, event.sessions[0].id, HTML, "bahan.pdf")
    assert response.status_code == 422
    assert "Jenis berkas tidak didukung" in response.get_data(as_text=True)
    assert materials(db) == []


def test_an_oversized_file_is_refused(client, db, app, event, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "MATERIALS_MAX_BYTES", 1024 * 1024)
    login_as("organiser")
    response = upload(client, event.sessions[0].id, PDF + b"0" * (1024 * 1024), "besar.pdf")
    assert response.status_code == 422
    assert "Berkas terlalu besar (maksimal 1 MB)" in response.get_data(as_text=True)
    assert materials(db) == []


def test_a_request_beyond_the_server_limit_gets_the_413_page(client, app, event, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)
    login_as("organiser")
    response = upload(client, event.sessions[0].id, PDF + b"0" * (128 * 1024), "besar.pdf")
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)


def test_only_organisers_upload(client, db, event, make_user):
    focal = make_user("province_focal_point", province_code="17")
    login(client, focal.email)
    assert upload(client, event.sessions[0].id, PDF, "a.pdf").status_code == 403
    assert materials(db) == []


@pytest.fixture
def three_materials(client, db, event, make_user):
    organiser = make_user("organiser")
    login(client, organiser.email)
    for visibility in ("public", "registrants", "organisers"):
        upload(client, event.sessions[0].id, PDF, f"{visibility}.pdf", visibility=visibility, title=f"Berkas {visibility}")
    client.post(f"/events/{SLUG}/materials/link", data={
        "session_id": str(event.sessions[0].id), "title": "Rekaman YouTube", "visibility": "public",
        "url": "https://www.youtube.com/watch?v=abc"})
    client.post("/logout")
    return {m.visibility + ("-link" if m.kind == "link" else ""): m for m in materials(db)}, organiser


def titles(html: str) -> set[str]:
    return {t for t in ("Berkas public", "Berkas registrants", "Berkas organisers", "Rekaman YouTube") if t in html}


def test_each_kind_of_viewer_sees_what_it_may(client, db, event, three_materials, make_user):
    items, organiser = three_materials
    confirmed = make_registration(event, status="confirmed")
    pending = make_registration(event, status="pending")
    public_ = {"Berkas public", "Rekaman YouTube"}
    assert titles(client.get(f"/events/{SLUG}").get_data(as_text=True)) == public_
    assert titles(client.get(f"/r/{confirmed.token}").get_data(as_text=True)) == public_ | {"Berkas registrants"}
    assert titles(client.get(f"/r/{pending.token}").get_data(as_text=True)) == public_
    focal = make_user("province_focal_point", province_code="17")
    login(client, focal.email)
    assert titles(client.get(f"/events/{SLUG}").get_data(as_text=True)) == public_
    client.post("/logout")
    login(client, organiser.email)
    assert titles(client.get(f"/events/{SLUG}").get_data(as_text=True)) == public_ | {
        "Berkas registrants", "Berkas organisers"}


def test_downloads_follow_the_same_rules(client, db, event, three_materials):
    items, organiser = three_materials
    confirmed = make_registration(event, status="confirmed")
    pending = make_registration(event, status="pending")
    pub, reg, org = items["public"].id, items["registrants"].id, items["organisers"].id
    assert client.get(f"/events/{SLUG}/materials/{pub}").status_code == 200
    assert client.get(f"/events/{SLUG}/materials/{reg}").status_code == 404
    assert client.get(f"/events/{SLUG}/materials/{org}").status_code == 404
    assert client.get(f"/r/{confirmed.token}/materials/{reg}").status_code == 200
    assert client.get(f"/r/{confirmed.token}/materials/{org}").status_code == 404
    assert client.get(f"/r/{pending.token}/materials/{reg}").status_code == 404
    assert client.get(f"/r/{pending.token}/materials/{pub}").status_code == 200
    private = client.get(f"/r/{confirmed.token}/materials/{reg}")
    assert "no-store" in private.headers["Cache-Control"]
    login(client, organiser.email)
    assert client.get(f"/events/{SLUG}/materials/{org}").status_code == 200


def test_another_events_token_opens_nothing(client, db, event, three_materials):
    items, _organiser = three_materials
    other = make_event(slug="acara-lain")
    stranger = make_registration(other, status="confirmed")
    assert client.get(f"/r/{stranger.token}/materials/{items['registrants'].id}").status_code == 404


def test_deleting_removes_the_file(client, db, app, event, login_as):
    login_as("organiser")
    upload(client, event.sessions[0].id, PDF, "a.pdf")
    (material,) = materials(db)
    stored = Path(app.config["UPLOAD_DIR"]) / "materials" / material.storage_key
    client.post(f"/events/{SLUG}/materials/{material.id}/delete")
    assert materials(db) == [] and not stored.exists()


def test_a_link_must_be_a_web_address(client, db, event, login_as):
    login_as("organiser")
    response = client.post(f"/events/{SLUG}/materials/link", data={
        "session_id": str(event.sessions[0].id), "title": "Rekaman", "visibility": "public",
        "url": "javascript:alert(1)"})
    assert response.status_code == 422 and materials(db) == []


def test_personal_page_lists_in_a_constant_number_of_statements(client, db, event, login_as, query_counter):
    login_as("organiser")
    person = make_registration(event)
    upload(client, event.sessions[0].id, PDF, "a.pdf", visibility="public")
    db.session.expire_all()
    with query_counter() as small:
        assert client.get(f"/r/{person.token}").status_code == 200
    for index in range(6):
        upload(client, event.sessions[0].id, PDF, f"b{index}.pdf", visibility="registrants")
    client.post(f"/events/{SLUG}/sessions/{event.sessions[0].id}/minutes", data={"body": "x", "publish": "1"})
    db.session.expire_all()
    with query_counter() as large:
        assert client.get(f"/r/{person.token}").status_code == 200
    assert small[0] == large[0]


# --- minutes ------------------------------------------------------------------------------

def test_minutes_keep_revisions_are_sanitised_and_notify_on_publishing(client, db, event, login_as):
    confirmed = make_registration(event, status="confirmed")
    make_registration(event, status="pending")
    login_as("organiser")
    url = f"/events/{SLUG}/sessions/{event.sessions[0].id}/minutes"
    client.post(url, data={"body": "# Notulen\n\n- Standar pelayanan belum pasti"})
    assert "belum pasti" not in client.get(f"/r/{confirmed.token}").get_data(as_text=True)  # a draft
    client.post(url, data={"body": "**Kesimpulan**: komitmen pelayanan daring\n\n<script>alert(1)</script>"
                                   "[klik](javascript:alert(2))", "publish": "1"})
    revisions = db.session.execute(db.select(MinutesRevision).order_by(MinutesRevision.number)).scalars().all()
    assert [r.number for r in revisions] == [1, 2]
    assert "Standar pelayanan belum pasti" in revisions[0].body
    mail = db.session.execute(db.select(OutboxMessage).where(OutboxMessage.kind == "minutes")).scalars().all()
    assert [m.recipient for m in mail] == [confirmed.email]
    html = client.get(f"/r/{confirmed.token}").get_data(as_text=True)
    assert "<strong>Kesimpulan</strong>" in html
    assert "<script>alert(1)" not in html and "javascript:alert(2)" not in html
    old = client.get(url + "?rev=1").get_data(as_text=True)
    assert "Standar pelayanan belum pasti" in old and "Revisi 1" in old


# --- API ----------------------------------------------------------------------------------

def test_api_upload_list_delete(client, db, event, api_token):
    _user, token = api_token("organiser")
    headers = {"Authorization": f"Bearer {token}"}
    base = f"/api/v1/events/{SLUG}/sessions/{event.sessions[0].id}/materials"
    created = client.post(base, headers=headers, content_type="multipart/form-data", data={
        "file": (io.BytesIO(PPTX), "paparan.pptx"), "title": "Paparan", "visibility": "public"})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["download_name"] == "paparan.pptx"
    link = client.post(base, headers=headers, json={"title": "Rekaman", "url": "https://youtu.be/x",
                                                    "visibility": "organisers"})
    assert link.status_code == 201
    assert [m["title"] for m in client.get(base).get_json()["data"]] == ["Paparan"]
    assert [m["title"] for m in client.get(base, headers=headers).get_json()["data"]] == ["Paparan", "Rekaman"]
    file = client.get(created.get_json()["download_url"].replace("http://lokakarya.test", ""))
    assert file.status_code == 200 and file.data == PPTX
    bad = client.post(base, headers=headers, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(HTML), "x.pdf")})
    assert bad.status_code == 422 and "file" in bad.get_json()["error"]["fields"]
    assert client.delete(f"{base}/{link.get_json()['id']}", headers=headers).status_code == 204
    assert client.delete(f"{base}/{link.get_json()['id']}", headers=headers).status_code == 404
    assert client.post(base, json={"title": "x", "url": "https://x.example"}).status_code == 401


def test_api_list_runs_a_constant_number_of_statements(client, db, event, api_token, query_counter):
    _user, token = api_token("organiser")
    headers = {"Authorization": f"Bearer {token}"}
    base = f"/api/v1/events/{SLUG}/sessions/{event.sessions[0].id}/materials"
    client.post(base, headers=headers, json={"title": "a", "url": "https://a.example", "visibility": "public"})
    client.post(base, headers=headers, content_type="multipart/form-data",
                data={"file": (io.BytesIO(PDF), "a.pdf"), "visibility": "public"})
    db.session.expire_all()
    with query_counter() as small:
        client.get(base)
    for index in range(5):
        client.post(base, headers=headers, content_type="multipart/form-data",
                    data={"file": (io.BytesIO(PDF), f"{index}.pdf"), "visibility": "public"})
    db.session.expire_all()
    with query_counter() as large:
        assert len(client.get(base).get_json()["data"]) == 7
    assert small[0] == large[0]


def test_event_and_organiser_pages_list_in_a_constant_number_of_statements(client, db, event, login_as,
                                                                          query_counter):
    login_as("organiser")
    upload(client, event.sessions[0].id, PDF, "a.pdf", visibility="public")

    def measure():
        db.session.expire_all()
        with query_counter() as public_page:
            assert client.get(f"/events/{SLUG}").status_code == 200
        with query_counter() as manage_page:
            assert client.get(f"/events/{SLUG}/materials").status_code == 200
        return public_page[0], manage_page[0]

    small = measure()
    for index in range(6):
        upload(client, event.sessions[0].id, PDF, f"b{index}.pdf", visibility="organisers")
        client.post(f"/events/{SLUG}/materials/link", data={
            "session_id": str(event.sessions[0].id), "title": f"Rekaman {index}", "visibility": "public",
            "url": "https://youtu.be/x"})
    client.post(f"/events/{SLUG}/sessions/{event.sessions[0].id}/minutes", data={"body": "x"})
    assert measure() == small
