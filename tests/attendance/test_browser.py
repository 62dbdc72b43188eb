"""In a real browser: an organiser uploads the Zoom sample, resolves one unmatched row and
downloads the daftar hadir."""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.attendance.helpers import SAMPLES

SLUG = "standar-pelayanan-publik-wilayah-i-2020"


@pytest.mark.browser
def test_organiser_imports_zoom_resolves_a_row_and_downloads_the_list(live_server, page, demo):
    page.goto(f"{live_server}/login")
    page.fill("#email", "organiser@lokakarya.example.go.id")
    page.fill("#password", "demo-organiser-2020")
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.goto(f"{live_server}/events/{SLUG}/attendance/import")
    page.set_input_files("#file", str(SAMPLES / "zoom-participants.csv"))
    page.get_by_role("button", name="Baca laporan").click()
    page.wait_for_url("**/attendance/imports/*")
    unmatched_before = int(page.get_by_test_id("unmatched").inner_text())

    # "Sri Anggraini" without e-mail could be either of two registrations: pick the Banten one.
    row = page.locator('tr[data-identity="name:sri anggraini"]')
    row.locator("select").select_option(label="Sri Anggraini — Dinas Kependudukan dan Pencatatan Sipil "
                                              "Provinsi Banten dukcapil Banten")
    row.get_by_role("button", name="Simpan keputusan").click()
    page.wait_for_selector("text=Keputusan disimpan")
    assert int(page.get_by_test_id("unmatched").inner_text()) == unmatched_before - 1
    assert page.locator('tr[data-identity="name:sri anggraini"]').count() == 0

    page.get_by_test_id("apply").click()
    page.wait_for_url(f"**/events/{SLUG}/attendance")
    assert "Impor disimpan" in page.content()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Daftar hadir (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == f"daftar-hadir-{SLUG}.xlsx"
    sheet = load_workbook(BytesIO(open(download.path(), "rb").read())).active
    names = [r[1] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(names) == 81 and "Sri Anggraini" in names
