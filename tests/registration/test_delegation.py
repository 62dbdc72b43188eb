"""Agency focal points register their delegation by rows or by upload, checked whole."""
import io

from openpyxl import Workbook, load_workbook

from lokakarya.registration.models import Registration
from tests.conftest import strip_tags
from tests.registration.factory import make_agencies, make_event, person, statuses

HEADER = "nama,nip,jabatan,email,ponsel\n"


def line(n, **override):
    p = {**person(n), **override}
    return f"{p['name']},{p['nip']},{p['position']},{p['email']},{p['phone']}\n"


def upload(client, data: bytes, filename="delegasi.csv"):
    return client.post("/events/uji/delegation", data={"file": (io.BytesIO(data), filename), "consent": "y"},
                       content_type="multipart/form-data")


def count(db):
    return db.session.execute(db.select(db.func.count()).select_from(Registration)).scalar()


def test_upload_with_bad_rows_saves_nothing_and_reports_every_row(client, db, login_as):
    make_event()
    [agency] = make_agencies("17")
    login_as("agency_focal_point", agency_id=agency)
    body = HEADER + line(1) + line(2, nip="19860926 201505 3 002") + "\n" + line(3, phone="555") + line(4, email=person(1)["email"])
    response = upload(client, body.encode())
    assert response.status_code == 422
    errors = [strip_tags(e).strip() for e in response.get_data(as_text=True).split('data-testid="delegation-error">')[1:]]
    assert len(errors) == 3
    assert errors[0].startswith("Baris 3 (NIP)") and "bukan 3" in errors[0]
    assert errors[1].startswith("Baris 5 (Nomor ponsel)")  # line 4 of the file is empty
    assert errors[2].startswith("Baris 6 (E-mail)") and "lebih dari sekali" in errors[2]
    assert count(db) == 0


def test_upload_of_valid_rows_registers_within_quota(client, db, login_as):
    event_id = make_event(per_agency=2)
    [agency] = make_agencies("17")
    user = login_as("agency_focal_point", agency_id=agency)
    response = upload(client, (HEADER + line(1) + line(2) + line(3)).encode("utf-8-sig"))
    assert response.status_code == 302
    assert [s for _, s in statuses(event_id)] == ["confirmed", "confirmed", "waitlisted"]
    registrations = db.session.execute(db.select(Registration)).scalars().all()
    assert {r.registered_by_id for r in registrations} == {user.id}
    page = client.get("/events/uji/delegation").get_data(as_text=True)
    assert page.count('data-testid="delegation-row"') == 3
    assert person(1)["nip"] not in page and "1986" + "*" * 11 + "001" in page  # NIP masked


def test_xlsx_template_round_trip(client, db, login_as):
    make_event()
    [agency] = make_agencies("17")
    login_as("agency_focal_point", agency_id=agency)
    template = client.get("/events/uji/delegation/template.xlsx")
    sheet = load_workbook(io.BytesIO(template.data)).active
    assert [c.value for c in sheet[1]] == ["nama", "nip", "jabatan", "email", "ponsel"]
    book = Workbook()
    book.active.append(["nama", "nip", "jabatan", "email", "ponsel"])
    p = person(7)
    book.active.append([p["name"], p["nip"], p["position"], p["email"], p["phone"]])
    buffer = io.BytesIO()
    book.save(buffer)
    assert upload(client, buffer.getvalue(), "delegasi.xlsx").status_code == 302
    assert count(db) == 1
    assert client.get("/events/uji/delegation/template.csv").data.decode("utf-8-sig").startswith("nama,nip")


def test_unreadable_file_and_missing_columns(client, db, login_as):
    make_event()
    [agency] = make_agencies("17")
    login_as("agency_focal_point", agency_id=agency)
    assert "tidak dapat dibaca" in upload(client, b"\x00\x01garbage", "x.xlsx").get_data(as_text=True)
    assert "Kolom wajib tidak ada: ponsel" in upload(client, b"nama,nip,jabatan,email\nA,1,2,3\n").get_data(as_text=True)
    assert count(db) == 0


def test_row_form_and_cancel_by_focal_point(client, db, login_as):
    event_id = make_event(capacity=1)
    [agency] = make_agencies("17")
    login_as("agency_focal_point", agency_id=agency)
    rows = {f"{k}_{i}": v for i, n in ((1, 1), (2, 2)) for k, v in person(n).items()}
    assert client.post("/events/uji/delegation", data={**rows, "consent": "y"}).status_code == 302
    assert [s for _, s in statuses(event_id)] == ["confirmed", "waitlisted"]
    first = statuses(event_id)[0][0]
    client.post(f"/events/uji/delegation/{first}/cancel")
    assert [s for _, s in statuses(event_id)] == ["cancelled", "confirmed"]


def test_other_roles_and_agencies_are_kept_out(client, db, login_as, make_user):
    make_event()
    mine, theirs = make_agencies("17", 2)
    other = make_user("agency_focal_point", agency_id=theirs)
    client.post("/api/v1/events/uji/registrations", json={**person(1, theirs), "consent": True})
    login_as("agency_focal_point", agency_id=mine)
    page = client.get("/events/uji/delegation").get_data(as_text=True)
    assert 'data-testid="delegation-row"' not in page
    theirs_id = statuses(db.session.execute(db.select(Registration.event_id)).scalar())[0][0]
    assert client.post(f"/events/uji/delegation/{theirs_id}/cancel").status_code == 404
    assert other.agency_id == theirs


def test_csv_saved_by_excel_on_windows_with_semicolons(client, db, login_as):
    make_event()
    [agency] = make_agencies("17")
    login_as("agency_focal_point", agency_id=agency)
    p = person(1)
    body = f"nama;nip;jabatan;email;ponsel\r\nDra. Sri Rahayu Sé;{p['nip']};Kepala Seksi;{p['email']};{p['phone']}\r\n"
    assert upload(client, body.encode("cp1252")).status_code == 302
    assert db.session.execute(db.select(Registration.name)).scalar_one() == "Dra. Sri Rahayu Sé"


def test_delegation_rows_name_their_fields_in_words_and_ask_for_digits(client, db, login_as):
    make_event()
    [agency] = make_agencies("17")
    login_as("agency_focal_point", agency_id=agency)
    html = client.get("/events/uji/delegation").get_data(as_text=True)
    assert 'name="nip_1" value=""\n        aria-label="NIP, baris 1" inputmode="numeric"' in html
    assert 'aria-label="Nomor ponsel, baris 2" inputmode="tel"' in html
    assert 'aria-label="nip 1"' not in html
