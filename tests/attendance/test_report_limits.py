"""Attendance reports are read with their row limit checked in the first pass over the file (no
row is parsed before), and lines the csv module cannot read or names with control characters
are refused with their line, never a 500; nothing is stored."""
import csv
import io

import pytest

from lokakarya.attendance.report import parse as report_parse
from tests.attendance.helpers import zoom_text
from tests.attendance.test_pages import organiser, stored_counts, upload  # noqa: F401  (fixture)
from tests.conftest import strip_tags


def zoom_with(rows: int) -> bytes:
    """The sample Zoom report with its participant lines repeated to `rows` lines."""
    lines = zoom_text().splitlines()
    head, people = lines[:4], [line for line in lines[4:] if line.strip()]
    return "\n".join(head + [people[i % len(people)] for i in range(rows)]).encode() + b"\n"


def message(response) -> str:
    return strip_tags(response.get_data(as_text=True))


def test_rows_beyond_the_limit_are_refused_before_any_is_parsed(organiser, app, monkeypatch):  # noqa: F811
    monkeypatch.setattr(report_parse, "MAX_ROWS", 50)
    assert upload(organiser, zoom_with(50)).status_code == 302
    # Past the limit the times are garbage: reading stops at row 51, so they are never read.
    data = zoom_with(51) + b"Nobody,x@y.go.id,besok,lusa,1,Yes\n" * 10
    response = upload(organiser, data)
    assert response.status_code == 422
    assert "Laporan berisi lebih dari 50 baris" in message(response)
    assert stored_counts(app)[0] == 0


def test_a_real_report_one_row_over_the_real_limit(organiser, app):  # noqa: F811
    data = zoom_with(report_parse.MAX_ROWS + 1)
    assert len(data) < 15 * 1024 * 1024  # within the size limit: the rows decide
    response = upload(organiser, data)
    assert response.status_code == 422
    assert "Laporan berisi lebih dari 100000 baris" in message(response)
    assert stored_counts(app) == (0, 0)


@pytest.mark.parametrize(("tail", "expected"), [
    # A field over csv.field_size_limit() (131,072): the csv module raised, a 500 before.
    ('Sri,sri@x.go.id,"' + "x" * (csv.field_size_limit() + 1) + '",11/12/2020 10:00:00 AM,90,Yes\n',
     "tidak dapat dibaca sebagai CSV"),
    ('"Sri' + "x" * 200_000, "tidak dapat dibaca sebagai CSV"),  # a quote never closed
    ("Sri\x01Siregar,sri@x.go.id,11/12/2020 08:31:00 AM,11/12/2020 11:16:00 AM,165,Yes\n",
     "Nama atau e-mail berisi karakter tak terlihat"),
    ("Sri Siregar,sri\x1b@x.go.id,11/12/2020 08:31:00 AM,11/12/2020 11:16:00 AM,165,Yes\n",
     "Nama atau e-mail berisi karakter tak terlihat"),
])
def test_lines_that_cannot_be_read_or_stored_are_refused_with_their_line(organiser, app, tail, expected):  # noqa: F811
    data = zoom_with(20) + tail.encode()
    response = upload(organiser, data)
    assert response.status_code == 422
    text = message(response)
    assert expected in text and "Baris 25" in text  # 4 lines of heading, 20 of people, then this
    assert stored_counts(app) == (0, 0)


def test_a_report_whose_file_name_has_control_characters_is_refused(organiser, app):  # noqa: F811
    response = upload(organiser, zoom_with(5), name="zoom\x01.csv")
    assert response.status_code == 422
    assert "Nama berkas berisi karakter tak terlihat" in message(response)
    assert stored_counts(app) == (0, 0)


def test_the_api_words_the_new_refusals(client, app, api_token, demo, monkeypatch):
    monkeypatch.setattr(report_parse, "MAX_ROWS", 5)
    _user, token = api_token("organiser")
    response = client.post("/api/v1/events/standar-pelayanan-publik-wilayah-i-2020/attendance/imports",
                           headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(zoom_with(6)), "zoom.csv"), "date_order": "mdy"})
    assert response.status_code == 422
    assert "too many rows" in response.get_json()["error"]["fields"]["file"]
