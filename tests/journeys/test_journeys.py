"""The three journeys of the demo, in Chromium, in Indonesian and in English, at 360 px and at
1280 px: every page visited is no wider than the screen, shows no string of the other language
and no internal code (tests/journeys/conftest.check_page)."""
import re
from urllib.parse import urlsplit

import pytest

from lokakarya.demo.seed import AGENCY_FOCAL_POINT, ORGANISER
from lokakarya.demo.seed import SLUG as PAST_SLUG
from lokakarya.demo.upcoming import SLUG
from tests.journeys.conftest import check_page, choose_language

pytestmark = pytest.mark.browser
LANGUAGES = ("id", "en")


def sign_in(page, base, account, lang):
    page.goto(f"{base}/login")
    check_page(page, lang)
    page.fill("input[name=email]", account.email)
    page.fill("input[name=password]", account.password)
    page.locator("main button[type=submit]").first.click()  # "Masuk" (then "Gunakan passkey")
    page.wait_for_url(re.compile(r".*/tasks(\?.*)?$"))  # My tasks, where sign-in lands


@pytest.mark.parametrize("lang", LANGUAGES)
def test_participant_journey(sized_page, live_server, demo, lang):
    page, base = sized_page, live_server
    choose_language(page, base, lang)
    check_page(page, lang)
    page.goto(f"{base}/events/{SLUG}")
    check_page(page, lang)
    # The visitor in Jayapura sees the sessions in their own time too.
    assert "WIT" in page.locator("table.agenda").first.inner_text()
    page.get_by_test_id("register-button").click()
    check_page(page, lang)
    page.select_option("#province", "17")  # Bengkulu
    page.locator("[data-testid=province-step] button").click()
    check_page(page, lang)
    page.fill("#name", "Rina Marlina, S.Kom.")
    page.fill("#nip", "19860926 201505 2 001")
    page.fill("#position", "Analis Kebijakan")
    page.fill("#email", f"rina.{lang}@dukcapil.bengkuluprov.example.go.id")
    page.fill("#phone", "0812 7300 1104")
    page.select_option("#agency_id", label="Dinas Kependudukan dan Pencatatan Sipil Provinsi Bengkulu")
    page.check("#consent")
    page.locator("[data-testid=register-form] button[type=submit]").click()
    page.wait_for_url(f"{base}/r/**")
    check_page(page, lang)
    notice = page.get_by_test_id("registered-notice").inner_text()
    assert ("Terkonfirmasi" if lang == "id" else "Confirmed") in notice
    assert ("bookmark" in notice.lower())
    # Sessions lie two weeks ahead: the join button says when it opens, the countdown is in the
    # page's language, and the raw meeting link is not shown yet.
    first = page.get_by_test_id("agenda-session").first
    assert first.get_attribute("data-join-state") == "waiting"
    assert first.get_by_test_id("join-button").inner_text().startswith("Dibuka" if lang == "id" else "Opens at")
    page.wait_for_function("() => /\\d\\d:\\d\\d:\\d\\d/.test(document.querySelector('[data-countdown]').textContent)")
    countdown = page.locator("[data-countdown]").first.inner_text()
    assert (" hari " if lang == "id" else " days ") in countdown
    assert "zoom.us" not in page.locator("body").inner_text()
    href = urlsplit(page.get_by_test_id("calendar-download").get_attribute("href"))  # BASE_URL's host
    calendar = page.request.get(f"{base}{href.path}?{href.query}")
    assert calendar.status == 200 and b"BEGIN:VCALENDAR" in calendar.body()
    page.get_by_test_id("join-button").first.click()
    check_page(page, lang)
    assert page.get_by_test_id("join-wait").is_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agency_focal_point_journey(sized_page, live_server, demo, lang):
    page, base = sized_page, live_server
    choose_language(page, base, lang)
    sign_in(page, base, AGENCY_FOCAL_POINT, lang)
    check_page(page, lang)
    page.goto(f"{base}/events/{SLUG}")
    check_page(page, lang)
    page.goto(f"{base}/events/{SLUG}/delegation")
    check_page(page, lang)
    page.fill("input[name=name_1]", "Budi Santoso, S.H.")
    page.fill("input[name=nip_1]", "197805112006041003")
    page.fill("input[name=position_1]", "Kepala Seksi")
    page.fill("input[name=email_1]", f"budi.{lang}@dukcapil.bengkuluprov.example.go.id")
    page.fill("input[name=phone_1]", "081273001105")
    page.check("input[name=consent]")
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state("load")
    check_page(page, lang)
    assert "Budi Santoso" in page.locator("[data-testid=delegation-row]").all_inner_texts()[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_organiser_journey(sized_page, live_server, demo, lang):
    page, base = sized_page, live_server
    choose_language(page, base, lang)
    sign_in(page, base, ORGANISER, lang)
    check_page(page, lang)
    for path in (f"/events/{SLUG}", f"/events/{SLUG}/manage", f"/events/{SLUG}/sessions/new",
                 f"/events/{PAST_SLUG}"):
        page.goto(base + path)
        check_page(page, lang)
    # The registrations list's filters still offer status and kind codes: words instead of codes
    # there are the "focal" branch's part of issue 13; the check turns on when it is merged.
    page.goto(f"{base}/events/{PAST_SLUG}/registrations")
    check_page(page, lang, codes=False)
    # On a phone the links are folded into the menu, which opens without script.
    page.goto(f"{base}/events/{SLUG}")
    menu = page.get_by_test_id("site-menu")
    if page.viewport_size["width"] < 768:
        assert not page.get_by_test_id("user-name").is_visible()
        menu.locator("summary").click()
    assert page.get_by_test_id("user-name").is_visible()
    check_page(page, lang)
