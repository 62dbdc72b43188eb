"""The registration exports and the organiser's filters speak the user's language: statuses and
agency kinds as words (codes only in their own columns), headers translated, times in the event's
zone with its label; the delegation template is headed in the user's language."""
import csv
import io
import re
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event
from lokakarya.extensions import db as _db
from lokakarya.registration.models import Registration, new_token
from tests.conftest import login
from tests.registration.factory import make_event

PAGE = "/events/uji/registrations"
HEADERS = {
    "id": ["No", "Nama", "NIP", "Jabatan", "Nama instansi", "Jenis instansi", "Provinsi", "E-mail", "Ponsel",
           "Status", "Terdaftar", "Kode status", "Kode jenis instansi"],
    "en": ["No.", "Name", "NIP", "Position", "Agency name", "Agency kind", "Province", "E-mail", "Mobile",
           "Status", "Registered", "Status code", "Agency kind code"],
}
# Budi registered at 01:30 UTC: 09:30 in Makassar (WITA, UTC+8).
BUDI = {"id": ["Budi Santoso", "Sekretariat Daerah / Biro Organisasi", "Menunggu persetujuan", "2030-03-01 09:30 WITA",
               "pending", "setda"],
        "en": ["Budi Santoso", "Regional Secretariat / Organisation Bureau", "Awaiting approval",
               "2030-03-01 09:30 WITA", "pending", "setda"]}
SITI = {"id": ["Siti Aminah", "Dinas Dukcapil", "Terkonfirmasi", "2030-03-01 23:05 WITA", "confirmed", "dukcapil"],
        "en": ["Siti Aminah", "Civil registry office (Dukcapil)", "Confirmed", "2030-03-01 23:05 WITA", "confirmed",
               "dukcapil"]}


def _wita_event_with_two_people() -> None:
    event_id = make_event(provinces=("73",))
    _db.session.get(Event, event_id).timezone = "Asia/Makassar"
    setda = Agency(name="Biro Organisasi Setda Sulsel", kind="setda", province_code="73")
    dukcapil = Agency(name="Dinas Dukcapil Sulsel", kind="dukcapil", province_code="73")
    _db.session.add_all([setda, dukcapil])
    _db.session.flush()
    for name, agency, status, at in (("Budi Santoso", setda, "pending", datetime(2030, 3, 1, 1, 30, tzinfo=UTC)),
                                      ("Siti Aminah", dukcapil, "confirmed", datetime(2030, 3, 1, 15, 5, tzinfo=UTC))):
        _db.session.add(Registration(event_id=event_id, agency_id=agency.id, name=name, nip="198609262015051001"
                                     if name.startswith("Budi") else "198609262015052002", position="Analis",
                                     email=f"{name.split()[0].lower()}@example.go.id", phone="+6281200000000",
                                     status=status, token=new_token(), created_at=at, status_changed_at=at))
    _db.session.commit()


def _picked(row) -> list:
    """Name, agency kind, status, registered at, and the two codes of one exported row."""
    return [row[1], row[5], row[9], row[10], row[11], row[12]]


# One language a test: the test's app context keeps the first request's language.
@pytest.mark.parametrize("lang", ["id", "en"])
def test_csv_and_xlsx_hold_words_codes_and_event_zone_times(client, db, make_user, lang):
    _wita_event_with_two_people()
    login(client, make_user("organiser").email)
    text = client.get(f"{PAGE}.csv?lang={lang}").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADERS[lang]
    assert [_picked(r) for r in rows[1:]] == [BUDI[lang], SITI[lang]]
    assert "UTC" not in text
    sheet = load_workbook(io.BytesIO(client.get(f"{PAGE}.xlsx?lang={lang}").data)).active
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == HEADERS[lang]
    assert [_picked(r) for r in table[1:]] == [BUDI[lang], SITI[lang]]
    assert sheet.title == {"id": "Pendaftaran", "en": "Registrations"}[lang]


@pytest.mark.parametrize(("lang", "words", "header"), [
    ("id", ("Menunggu persetujuan", "Dinas Dukcapil"), "Jenis instansi"),
    ("en", ("Awaiting approval", "Civil registry office (Dukcapil)"), "Agency kind")])
def test_the_printable_list_has_words_and_no_code_columns(client, db, make_user, lang, words, header):
    _wita_event_with_two_people()
    login(client, make_user("organiser").email)
    printed = client.get(f"{PAGE}/print?lang={lang}").get_data(as_text=True)
    cells = re.findall(r"<td>(.*?)</td>", printed)
    assert all(word in cells for word in words) and f"<th>{header}</th>" in printed
    assert "2030-03-01 09:30 WITA" in cells
    assert not {"pending", "confirmed", "setda", "dukcapil"} & set(cells)
    assert HEADERS[lang][-1] not in printed


@pytest.mark.parametrize(("lang", "status", "kind"), [
    ("id", "Daftar tunggu", "Sekretariat Daerah / Biro Organisasi"),
    ("en", "Waiting list", "Regional Secretariat / Organisation Bureau")])
def test_the_filters_name_statuses_and_agency_kinds_in_words(client, db, make_user, lang, status, kind):
    _wita_event_with_two_people()
    login(client, make_user("organiser").email)
    html = client.get(f"{PAGE}?lang={lang}&status=waitlisted&agency_kind=setda").get_data(as_text=True)
    assert f'<option value="waitlisted" selected>{status}</option>' in html
    assert f'<option value="setda" selected>{kind}</option>' in html
    # Codes stay the values; no option shows one.
    assert not any(f">{code}</option>" in html for code in ("pending", "confirmed", "dukcapil", "ministry"))


@pytest.mark.parametrize(("lang", "header", "sheet_title"), [
    ("id", ["nama", "nip", "jabatan", "email", "ponsel"], "Delegasi"),
    ("en", ["name", "nip", "position", "email", "phone"], "Delegation")])
def test_the_delegation_template_is_headed_in_the_users_language(client, db, make_user, lang, header, sheet_title):
    make_event()
    agency = Agency(name="Dinas Dukcapil Bengkulu", kind="dukcapil", province_code="17")
    _db.session.add(agency)
    _db.session.commit()
    login(client, make_user("agency_focal_point", agency_id=agency.id).email)
    text = client.get(f"/events/uji/delegation/template.csv?lang={lang}").data.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text))) == header
    sheet = load_workbook(io.BytesIO(client.get(f"/events/uji/delegation/template.xlsx?lang={lang}").data)).active
    assert [c.value for c in sheet[1]] == header and sheet.title == sheet_title
