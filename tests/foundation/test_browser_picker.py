"""The agency picker widget (static/js/agency-picker.js) in a real browser."""
import pytest

from lokakarya.agencies.services import create_agency
from lokakarya.extensions import db

pytestmark = pytest.mark.browser


def test_picker_filters_agencies_by_province_and_name(page, live_server, app, make_user):
    with app.app_context():
        for name, kind, province in (("Dinas Dukcapil Provinsi Bengkulu", "dukcapil", "17"),
                                     ("DPMPTSP Provinsi Bengkulu", "dpmptsp", "17"),
                                     ("Dinas Dukcapil Provinsi Jambi", "dukcapil", "15")):
            create_agency(name, kind, province, None)
        db.session.commit()
    make_user("organiser", email="rina@example.go.id")
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill("rina@example.go.id")
    page.get_by_label("Kata sandi").fill("correct-horse-9")
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server}/users")

    agency = page.locator("select[name=agency_id]")
    options = lambda: agency.locator("option").all_inner_texts()  # noqa: E731
    assert len(options()) == 4  # "—" and every agency: the no-JS list
    province = page.locator("[data-picker-province]")
    search = page.locator("[data-picker-search]")
    assert province.is_visible() and search.is_visible()  # shown by the script

    province.select_option("17")
    # Functions, not expression strings: Playwright evaluates strings with eval, which the
    # page's Content-Security-Policy forbids.
    page.wait_for_function("() => document.querySelectorAll('select[name=agency_id] option').length === 3")
    assert options() == ["—", "DPMPTSP Provinsi Bengkulu", "Dinas Dukcapil Provinsi Bengkulu"]
    search.fill("dukcapil")
    page.wait_for_function("() => document.querySelectorAll('select[name=agency_id] option').length === 2")
    assert options() == ["—", "Dinas Dukcapil Provinsi Bengkulu"]

    agency.select_option(label="Dinas Dukcapil Provinsi Bengkulu")
    page.get_by_label("Nama", exact=True).fill("Siti Aminah")
    page.locator("#email").fill("siti@example.go.id")
    page.get_by_label("Peran").select_option("agency_focal_point")
    page.get_by_role("button", name="Kirim undangan").click()
    assert "Undangan dikirim ke siti@example.go.id." in page.locator(".flash").inner_text()
    row = page.get_by_test_id("users").locator("tr", has_text="Siti Aminah")
    assert "Dinas Dukcapil Provinsi Bengkulu" in row.inner_text()
