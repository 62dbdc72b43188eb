"""Delegation lists are read row by row: the row limit is checked while reading (a huge sheet or
a zip bomb is refused at its first rows), and files the readers cannot take (fields over the
csv module's limit, broken XLSX, parts inflating beyond their bound) are explained, never a 500."""
import csv
import io
import re

import pytest

from lokakarya.registration import upload as delegation_upload
from lokakarya.registration.models import Registration
from tests.conftest import strip_tags
from tests.registration.factory import make_agencies, make_event, person
from tests.xlsx_files import SHEET_END, delegation_rows, xlsx, zip_bomb

HEADER = ("nama", "nip", "jabatan", "email", "ponsel")


@pytest.fixture
def focal_point(client, db, login_as):
    make_event()
    [agency] = make_agencies("17")
    login_as("agency_focal_point", agency_id=agency)
    return client


def people(count: int, start: int = 1) -> list[tuple]:
    return [tuple(person(n)[f] for f in ("name", "nip", "position", "email", "phone"))
            for n in range(start, start + count)]


def as_csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def send(client, data: bytes, filename: str):
    response = client.post("/events/uji/delegation", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(data), filename), "consent": "y"})
    errors = [strip_tags(e).strip() for e in re.findall(r'data-testid="delegation-error">(.*?)</li>',
                                                         response.get_data(as_text=True), re.S)]
    return response.status_code, errors


def stored(db) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Registration)).scalar()


def build(kind: str, rows, tail: str = "") -> tuple[bytes, str]:
    if kind == "xlsx":
        return xlsx(rows, tail=tail or SHEET_END), "delegasi.xlsx"
    return as_csv(rows) + tail.encode(), "delegasi.csv"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_rows_beyond_the_limit_are_refused_and_nothing_saved(focal_point, db, monkeypatch, kind):
    monkeypatch.setattr(delegation_upload, "MAX_ROWS", 3)
    assert send(focal_point, *build(kind, [HEADER, *people(3)]))[0] == 302
    status, errors = send(focal_point, *build(kind, [HEADER, *people(4, start=10)]))
    assert status == 422
    assert errors == ["Berkas berisi lebih dari 3 baris; paling banyak 3 baris sekali unggah."]
    assert stored(db) == 3


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_limit_is_checked_while_reading(focal_point, db, monkeypatch, kind):
    """Rows beyond the limit are never read: the file breaks after them, and what is reported is
    the row limit, not the break (a reader that read the whole file first would report that)."""
    monkeypatch.setattr(delegation_upload, "MAX_ROWS", 3)
    broken = "<row><c" if kind == "xlsx" else '"' + "x" * (csv.field_size_limit() + 10)
    status, errors = send(focal_point, *build(kind, [HEADER, *people(10)], tail=broken))
    assert (status, errors) == (422, ["Berkas berisi lebih dari 3 baris; paling banyak 3 baris sekali unggah."])
    # The same break within the limit is reported as what it is.
    status, errors = send(focal_point, *build(kind, [HEADER, *people(2)], tail=broken))
    assert status == 422 and len(errors) == 1 and "lebih dari 3 baris" not in errors[0]
    assert stored(db) == 0


def test_blank_rows_count_towards_the_limit(focal_point, db, monkeypatch):
    monkeypatch.setattr(delegation_upload, "MAX_ROWS", 3)
    rows = [HEADER, *people(1), *[("",) * 5] * 7]
    assert send(focal_point, *build("xlsx", rows))[1] == [
        "Berkas berisi lebih dari 3 baris; paling banyak 3 baris sekali unggah."]
    # A sheet that skips to row 1,048,576 is as many blank rows.
    data = xlsx([HEADER, *people(1)], tail='<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>'
                + SHEET_END)
    assert "lebih dari 3 baris" in send(focal_point, data, "delegasi.xlsx")[1][0]
    assert stored(db) == 0


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_real_file_one_row_over_the_real_limit(focal_point, db, kind):
    rows = list(delegation_rows(delegation_upload.MAX_ROWS + 1))
    status, errors = send(focal_point, *build(kind, rows))
    assert status == 422
    assert errors == ["Berkas berisi lebih dari 500 baris; paling banyak 500 baris sekali unggah."]
    assert stored(db) == 0


def test_a_zip_bomb_stops_at_the_row_limit_or_is_refused_by_its_declared_size(focal_point, db):
    small_bomb = zip_bomb(40 * 1024 * 1024)  # inflates to 40 MB: read until row 501
    assert len(small_bomb) < 200_000
    assert send(focal_point, small_bomb, "bom.xlsx")[1] == [
        "Berkas berisi lebih dari 500 baris; paling banyak 500 baris sekali unggah."]
    big_bomb = zip_bomb(100 * 1024 * 1024)  # beyond what a sheet may inflate to
    assert send(focal_point, big_bomb, "bom.xlsx")[1] == [
        "Isi berkas terlalu besar untuk dibaca; unggah daftar dari templat."]
    # The text table is read before any row: its declared size decides.
    strings_bomb = xlsx([HEADER, *people(1)], extra={"xl/sharedStrings.xml": b"<sst>" + b" " * (40 << 20)})
    assert send(focal_point, strings_bomb, "bom.xlsx")[1] == [
        "Isi berkas terlalu besar untuk dibaca; unggah daftar dari templat."]
    assert stored(db) == 0


@pytest.mark.parametrize(("data", "filename", "message"), [
    # A field over csv.field_size_limit() (131,072): the csv module raised, a 500 before.
    (as_csv([HEADER, people(1)[0], ("x" * 200_000, "1", "2", "3", "4")]), "delegasi.csv",
     "Baris 3: satu isian lebih dari 131072 karakter"),
    # An unclosed quote swallows the rest of the file into one field.
    (as_csv([HEADER, *people(1)]) + b'"Nama,' + b"x" * 140_000, "delegasi.csv", "Baris 3: satu isian lebih dari"),
    # Mostly NUL: a binary file (an old .xls) renamed to .csv.
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 500, "delegasi.csv", "Berkas tidak dapat dibaca"),
    (b"PK\x03\x04" + b"\x00" * 100, "delegasi.xlsx", "Berkas tidak dapat dibaca"),
    (xlsx([HEADER, *people(2)])[:-300], "delegasi.xlsx", "Berkas tidak dapat dibaca"),  # truncated
    (xlsx([HEADER, *people(1)], tail='<row><c t="s"><v>99</v></c></row>' + SHEET_END), "delegasi.xlsx",
     "Berkas tidak dapat dibaca"),  # a text the workbook does not have
])
def test_files_the_readers_cannot_take_are_explained(focal_point, db, data, filename, message):
    status, errors = send(focal_point, data, filename)
    assert status == 422
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert stored(db) == 0


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(("column", "value"), [(0, "Nama\x00Uji"), (2, "Kabid\x1b[31m"), (3, "a\x7f@b.go.id")])
def test_a_row_with_control_characters_is_a_row_error(focal_point, db, kind, column, value):
    bad = list(people(1, start=2)[0])
    bad[column] = value
    status, errors = send(focal_point, *build(kind, [HEADER, *people(1), tuple(bad)]))
    assert status == 422
    field = ("Nama lengkap", "NIP", "Jabatan", "E-mail", "Nomor ponsel")[column]  # in words
    assert errors == [f"Baris 3 ({field}): Berisi karakter tak terlihat yang tidak dapat disimpan "
                      "(karakter kendali); ketik ulang isian ini."]
    assert stored(db) == 0
