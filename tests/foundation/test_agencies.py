"""The agency directory: organisers create, edit and approve; the picker serves forms."""
import re

from lokakarya.agencies.models import Agency
from lokakarya.audit.models import AuditEntry
from lokakarya.extensions import db


def _agencies(app):
    with app.app_context():
        rows = db.session.execute(db.select(Agency).order_by(Agency.id)).scalars().all()
        db.session.expunge_all()
        return rows


def _add(app, name, kind="dukcapil", province="17", approved=True):
    from lokakarya.agencies.services import create_agency

    with app.app_context():
        agency = create_agency(name, kind, province, None, approved=approved)
        db.session.commit()
        return agency.id


def test_organiser_creates_an_agency_with_regency(client, app, login_as):
    login_as("organiser")
    form = client.get("/agencies/new").get_data(as_text=True)
    assert "Kota Bengkulu" in form and "Sekretariat Daerah / Biro Organisasi" in form
    response = client.post("/agencies/new", data={
        "name": " DPMPTSP Kota Bengkulu ", "kind": "dpmptsp", "province_code": "17",
        "regency_code": "17.71"}, follow_redirects=True)
    assert "Instansi DPMPTSP Kota Bengkulu disimpan." in response.get_data(as_text=True)
    [agency] = _agencies(app)
    assert (agency.name, agency.kind, agency.province_code, agency.regency_code, agency.approved) == (
        "DPMPTSP Kota Bengkulu", "dpmptsp", "17", "17.71", True)


def test_a_ministry_needs_no_province(client, app, login_as):
    login_as("organiser")
    client.post("/agencies/new", data={"name": "Kementerian PANRB", "kind": "ministry",
                                       "province_code": "", "regency_code": ""})
    [agency] = _agencies(app)
    assert agency.province_code is None


def test_bad_agency_input_is_refused_with_messages(client, app, login_as):
    _add(app, "Dinas Dukcapil Provinsi Bengkulu")
    login_as("organiser")
    cases = [
        ({"name": "", "kind": "dukcapil", "province_code": "17"}, "name"),
        ({"name": "X", "kind": "dukcapil", "province_code": ""}, "Wajib diisi."),
        ({"name": "X", "kind": "bogus", "province_code": "17"}, "Pilihan tidak dikenal."),
        ({"name": "X", "kind": "dukcapil", "province_code": "99"}, "Pilihan tidak dikenal."),
        ({"name": "X", "kind": "dukcapil", "province_code": "17", "regency_code": "31.71"},
         "Kabupaten/kota itu tidak berada di provinsi yang dipilih."),
        ({"name": "dinas dukcapil provinsi bengkulu", "kind": "dukcapil", "province_code": "17"},
         "Instansi dengan nama ini sudah ada di provinsi ini."),
    ]
    for data, message in cases:
        response = client.post("/agencies/new", data=data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    assert len(_agencies(app)) == 1


def test_edit_records_before_and_after(client, app, login_as):
    agency_id = _add(app, "Biro Organisasi Setda Bengkulu", kind="other")
    user = login_as("organiser")
    page = client.get(f"/agencies/{agency_id}/edit").get_data(as_text=True)
    assert 'value="Biro Organisasi Setda Bengkulu"' in page
    client.post(f"/agencies/{agency_id}/edit", data={
        "name": "Biro Organisasi Setda Provinsi Bengkulu", "kind": "setda", "province_code": "17"})
    [agency] = _agencies(app)
    assert (agency.name, agency.kind) == ("Biro Organisasi Setda Provinsi Bengkulu", "setda")
    # saving it unchanged is not a duplicate of itself
    assert client.post(f"/agencies/{agency_id}/edit", data={
        "name": agency.name, "kind": "setda", "province_code": "17"}).status_code == 302
    with app.app_context():
        entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "agency.update")
                                   .order_by(AuditEntry.id)).scalars().first()
        assert entry.actor_id == user.id
        assert entry.before["name"] == "Biro Organisasi Setda Bengkulu" and entry.before["kind"] == "other"
        assert entry.after["name"] == "Biro Organisasi Setda Provinsi Bengkulu"
    assert client.get("/agencies/999999/edit").status_code == 404


def test_agencies_filed_by_registrants_wait_for_approval(client, app, login_as):
    pending_id = _add(app, "UPT Pelayanan Terpadu Kab. Kaur", kind="other", approved=False)
    _add(app, "Dinas Dukcapil Provinsi Bengkulu")
    # not offered in pickers or the public API until approved
    assert [a["name"] for a in client.get("/agencies/picker?province=17").get_json()] == [
        "Dinas Dukcapil Provinsi Bengkulu"]
    login_as("organiser")
    pending = client.get("/agencies/?pending=1").get_data(as_text=True)
    assert "UPT Pelayanan Terpadu Kab. Kaur" in pending and "Menunggu persetujuan" in pending
    assert "Dinas Dukcapil Provinsi Bengkulu" not in pending
    response = client.post(f"/agencies/{pending_id}/approve", follow_redirects=True)
    assert "Instansi UPT Pelayanan Terpadu Kab. Kaur disetujui." in response.get_data(as_text=True)
    assert len(client.get("/agencies/picker?province=17").get_json()) == 2
    with app.app_context():
        assert db.session.execute(db.select(AuditEntry.action).where(
            AuditEntry.action.not_like("auth.sign_in%"))).scalars().all() == ["agency.approve"]


def test_picker_filters_by_province_and_name(client, app):
    _add(app, "Dinas Dukcapil Provinsi Bengkulu")
    _add(app, "DPMPTSP Provinsi Bengkulu", kind="dpmptsp")
    _add(app, "Dinas Dukcapil Provinsi Jambi", province="15")
    names = lambda url: [a["name"] for a in client.get(url).get_json()]  # noqa: E731
    assert names("/agencies/picker?province=17") == ["DPMPTSP Provinsi Bengkulu",
                                                      "Dinas Dukcapil Provinsi Bengkulu"]
    assert names("/agencies/picker?province=17&q=dukcapil") == ["Dinas Dukcapil Provinsi Bengkulu"]
    assert names("/agencies/picker?q=DUKCAPIL") == ["Dinas Dukcapil Provinsi Jambi",
                                                    "Dinas Dukcapil Provinsi Bengkulu"]
    assert names("/agencies/picker?q=%25") == []  # a literal %, not a wildcard
    item = client.get("/agencies/picker?province=15").get_json()[0]
    assert set(item) == {"id", "name", "kind"}


def test_picker_widget_markup_falls_back_to_a_plain_select(client, app, login_as):
    _add(app, "Dinas Dukcapil Provinsi Bengkulu")
    login_as("organiser")
    html = client.get("/users").get_data(as_text=True)
    assert "data-agency-picker" in html and re.search(r"js/agency-picker\.[0-9a-f]{12}\.js", html)
    assert '<optgroup label="Bengkulu">' in html
    assert "Dinas Dukcapil Provinsi Bengkulu</option>" in html
    assert client.get("/static/js/agency-picker.js").status_code == 200


def test_agency_list_runs_a_constant_number_of_statements(client, app, login_as, query_counter):
    login_as("organiser")
    _add(app, "Agency 0")

    def measure():
        with query_counter() as n:
            assert client.get("/agencies/").status_code == 200
        return n[0]

    few = measure()
    for i in range(1, 20):
        _add(app, f"Agency {i}", province=str(11 + i % 8), approved=bool(i % 2))
    assert measure() == few
