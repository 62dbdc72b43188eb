"""Progress updates, verification, uploads checked by content and size, and the audited history."""
import io
from pathlib import Path

from lokakarya.audit.models import AuditEntry
from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionItem, ActionUpdate
from tests.conftest import login, strip_tags

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _item(app, item_id):
    with app.app_context():
        item = _db.session.get(ActionItem, item_id)
        _db.session.expunge(item)
        return item


def _post(client, item_id, **data):
    files = data.pop("file", None)
    if files:
        data["evidence_file"] = (io.BytesIO(files[1]), files[0])
    return client.post(f"/follow-up/items/{item_id}/updates", data=data, content_type="multipart/form-data",
                       follow_redirects=True)


def test_owner_reports_progress_with_evidence_and_claims_done(app, client, world, users, add_item):
    item_id = add_item("17")
    login(client, users["agency17"].email)
    _post(client, item_id, note="Uji coba modul", progress="60", status="in_progress",
          evidence_url="https://bengkuluprov.example.go.id/uji", file=("foto.png", PNG))
    item = _item(app, item_id)
    assert (item.status, item.progress, item.verification) == ("in_progress", 60, None)
    with app.app_context():
        update = _db.session.query(ActionUpdate).one()
        stored = Path(app.config["UPLOAD_DIR"]) / "followup" / update.evidence_path
        assert stored.read_bytes() == PNG and update.evidence_type == "image/png"
        assert not str(stored).startswith(str(Path(app.static_folder)))
    download = client.get(f"/follow-up/updates/{update.id}/evidence")
    assert download.status_code == 200 and download.data == PNG
    assert download.headers["Content-Type"] == "image/png"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download.headers["Content-Disposition"]
    _post(client, item_id, status="done", note="Selesai")
    item = _item(app, item_id)
    assert (item.status, item.verification) == ("done", "pending")
    # Still not counted as done on the dashboard.
    client.post("/logout")
    login(client, users["organiser"].email)
    row = client.get("/follow-up/").get_data(as_text=True).split('data-province="17"')[1].split("</tr>")[0]
    assert 'data-col="awaiting">1<' in row and 'data-col="done">0<' in row


def test_organiser_returns_then_verifies(app, client, world, users, add_item):
    item_id = add_item("17", status="done", verification="pending")
    login(client, users["organiser"].email)
    text = client.post(f"/follow-up/items/{item_id}/verify", data={"decision": "return"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Wajib diisi" in text and _item(app, item_id).verification == "pending"
    client.post(f"/follow-up/items/{item_id}/verify", data={"decision": "return", "reason": "Bukti kurang"})
    item = _item(app, item_id)
    assert (item.status, item.verification, item.verification_note) == ("in_progress", "returned", "Bukti kurang")
    text = client.post(f"/follow-up/items/{item_id}/verify", data={"decision": "verify"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Tidak ada status selesai yang menunggu verifikasi" in text
    with app.app_context():
        _db.session.get(ActionItem, item_id).status, _db.session.get(ActionItem, item_id).verification = "done", "pending"
        _db.session.commit()
    client.post(f"/follow-up/items/{item_id}/verify", data={"decision": "verify"})
    item = _item(app, item_id)
    assert (item.status, item.verification, item.progress) == ("done", "verified", 100)


def test_owner_cannot_drop_or_reopen_verified_items(app, client, world, users, add_item):
    open_id = add_item("17")
    verified_id = add_item("17", status="done", verification="verified")
    login(client, users["fp17"].email)
    assert "Hanya penyelenggara" in _post(client, open_id, status="dropped").get_data(as_text=True)
    assert "sudah diverifikasi" in _post(client, verified_id, status="in_progress").get_data(as_text=True)
    assert _item(app, open_id).status == "open" and _item(app, verified_id).status == "done"
    with app.app_context():
        assert _db.session.query(ActionUpdate).count() == 0


def test_uploads_of_wrong_type_or_size_are_refused(app, client, world, users, add_item):
    item_id = add_item("17")
    folder = Path(app.config["UPLOAD_DIR"]) / "followup"
    files_before = set(folder.glob("*"))
    login(client, users["fp17"].email)
    # An executable renamed .pdf, an HTML page named .png, and a PDF over 5 MB.
    for name, data, text in (
        ("bukti.pdf", b"MZ\x90\x00" + b"\x00" * 100, "PDF, PNG atau JPEG"),
        ("foto.png", b"<html><script>alert(1)</script></html>", "PDF, PNG atau JPEG"),
        ("besar.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "melebihi 5 MB"),
    ):
        response = _post(client, item_id, note="Bukti", file=(name, data))
        assert text in response.get_data(as_text=True), name
    with app.app_context():
        assert _db.session.query(ActionUpdate).count() == 0
    assert set(folder.glob("*")) == files_before


def test_every_change_is_audited_and_shown_as_history(app, client, world, users, add_item):
    item_id = add_item("17")
    login(client, users["fp17"].email)
    _post(client, item_id, note="Mulai", progress="20", status="in_progress")
    client.post("/logout")
    login(client, users["organiser"].email)
    client.post(f"/follow-up/items/{item_id}/edit", data={
        "title": "Judul baru", "agency_id": world.agencies["17"], "due_date": "2022-01-31"})
    with app.app_context():
        entries = _db.session.query(AuditEntry).filter_by(object_type="ActionItem", object_id=str(item_id)).order_by(
            AuditEntry.id).all()
        progress, edit = entries
        assert (progress.action, progress.actor_label) == ("followup.progress", "fp17@example.go.id")
        assert progress.before["status"] == "open" and progress.after["status"] == "in_progress"
        assert progress.before["progress"] == 0 and progress.after["progress"] == 20
        assert progress.after["note"] == "Mulai" and progress.event_id == world.event_id
        assert (edit.action, edit.actor_label) == ("followup.commitment_update", "org@kemenpan.example.go.id")
        assert edit.before["due_date"] == "2021-06-30" and edit.after["due_date"] == "2022-01-31"
        assert edit.after["title"] == "Judul baru"
    history = strip_tags(client.get(f"/follow-up/items/{item_id}").get_data(as_text=True)).split("Riwayat")[1]
    assert "fp17@example.go.id" in history and "Status diubah dari Terbuka menjadi Sedang berjalan" in history
    assert "Kemajuan diubah dari 0% menjadi 20%" in history and "Catatan: Mulai" in history
    assert "Target diubah dari Rabu, 30 Juni 2021 menjadi Senin, 31 Januari 2022" in history
    assert "Komitmen diubah" in history and "Kemajuan dilaporkan" in history
    for code in ("followup.", "due_date", "in_progress", "→"):
        assert code not in history
    client.get("/lang/en")
    english = strip_tags(client.get(f"/follow-up/items/{item_id}").get_data(as_text=True)).split("History")[1]
    assert "Status changed from Open to In progress" in english
    assert "Target changed from Wednesday, 30 June 2021 to Monday, 31 January 2022" in english
    assert "Related issues" not in english  # none before, none after: nothing to tell


def test_history_reads_in_the_owning_provinces_zone(app, client, world, users, add_item):
    item_id = add_item("94")  # Papua: WIT
    login(client, users["organiser"].email)
    client.post(f"/follow-up/items/{item_id}/edit", data={
        "title": "Judul baru", "agency_id": world.agencies["94"], "due_date": "2022-01-31"})
    history = strip_tags(client.get(f"/follow-up/items/{item_id}").get_data(as_text=True)).split("Riwayat")[1]
    assert "Komitmen diubah" in history
    assert " WIT" in history and " WIB" not in history
