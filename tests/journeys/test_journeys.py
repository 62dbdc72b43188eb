"""Each role's journey through the demo, in Chromium, in Indonesian and in English, at 360 px and
at 1280 px: every page visited is no wider than the screen, shows no string of the other language
and no internal code (tests/journeys/conftest.check_page); focal points reach their form by
clicking from the page sign-in lands on; a refused form keeps what was typed. (The province focal
point's journey, to the follow-up submission, is tests/followup/test_browser_focal_tasks.py.)"""
import re
from urllib.parse import urlsplit

import pytest

from lokakarya.demo.seed import ADMIN, AGENCY_FOCAL_POINT, ORGANISER
from lokakarya.demo.seed import SLUG as PAST_SLUG
from lokakarya.demo.upcoming import SLUG
from lokakarya.demo.upcoming import TITLE as UPCOMING_TITLE
from tests.journeys.conftest import check_page, choose_language

pytestmark = pytest.mark.browser
LANGUAGES = ("id", "en")


def sign_in(page, base, account, lang, stored):
    page.goto(f"{base}/login")
    check_page(page, lang, stored)
    page.fill("input[name=email]", account.email)
    page.fill("input[name=password]", account.password)
    page.locator("main button[type=submit]").first.click()  # "Masuk" (then "Gunakan passkey")
    page.wait_for_url(re.compile(r".*/tasks(\?.*)?$"))  # My tasks, where sign-in lands


@pytest.mark.parametrize("lang", LANGUAGES)
def test_participant_journey(sized_page, live_server, demo, stored, lang):
    page, base = sized_page, live_server
    choose_language(page, base, lang)
    check_page(page, lang, stored)
    page.goto(f"{base}/events/{SLUG}")
    check_page(page, lang, stored)
    # The visitor in Jayapura sees the sessions in their own time too.
    assert "WIT" in page.locator("table.agenda").first.inner_text()
    page.get_by_test_id("register-button").click()
    check_page(page, lang, stored)
    page.select_option("#province", "17")  # Bengkulu
    page.locator("[data-testid=province-step] button").click()
    check_page(page, lang, stored)
    typed = {"#name": "Rina Marlina, S.Kom.", "#position": "Analis Kebijakan",
             "#email": f"rina.{lang}@dukcapil.bengkuluprov.example.go.id", "#phone": "0812 7300 1104"}
    for selector, value in typed.items():
        page.fill(selector, value)
    page.fill("#nip", "19860926 2015")  # too short: refused beside its field
    agency = "Dinas Kependudukan dan Pencatatan Sipil Provinsi Bengkulu"
    page.select_option("#agency_id", label=agency)
    page.check("#consent")
    page.locator("[data-testid=register-form] button[type=submit]").click()
    page.wait_for_load_state("load")
    check_page(page, lang, stored)
    assert {s: page.input_value(s) for s in typed} == typed
    assert page.input_value("#nip") == "19860926 2015"
    assert page.locator("#agency_id option:checked").inner_text() == agency
    assert page.is_checked("#consent")
    error = page.locator(f"#{page.get_attribute('#nip', 'aria-describedby')}")
    assert ("NIP harus 18 angka" if lang == "id" else "18 digits") in error.inner_text()
    assert page.evaluate("document.activeElement.id") == "nip"
    page.fill("#nip", "19860926 201505 2 001")
    page.locator("[data-testid=register-form] button[type=submit]").click()
    page.wait_for_url(f"{base}/r/**")
    check_page(page, lang, stored)
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
    check_page(page, lang, stored)
    assert page.get_by_test_id("join-wait").is_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agency_focal_point_journey(sized_page, live_server, demo, stored, lang):
    page, base = sized_page, live_server
    choose_language(page, base, lang)
    sign_in(page, base, AGENCY_FOCAL_POINT, lang, stored)
    check_page(page, lang, stored)
    page.goto(f"{base}/events/{SLUG}")
    check_page(page, lang, stored)
    # From the page sign-in lands on, one click to the delegation form of the open workshop.
    page.goto(f"{base}/tasks")
    open_task = page.get_by_test_id("delegation-task").filter(has_text=UPCOMING_TITLE)
    open_task.get_by_role("button").click()
    page.wait_for_url(f"{base}/events/{SLUG}/delegation")
    check_page(page, lang, stored)
    typed = {"name_1": "Budi Santoso, S.H.", "nip_1": "197805112006041003", "position_1": "Kepala Seksi",
             "email_1": f"budi.{lang}@dukcapil", "phone_1": "081273001105"}  # the e-mail lacks its domain
    for name, value in typed.items():
        page.fill(f"input[name={name}]", value)
    page.check("input[name=consent]")
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state("load")
    check_page(page, lang, stored)
    assert {n: page.input_value(f"input[name={n}]") for n in typed} == typed
    assert "E-mail" in page.get_by_test_id("delegation-error").first.inner_text()
    page.fill("input[name=email_1]", f"budi.{lang}@dukcapil.bengkuluprov.example.go.id")
    page.check("input[name=consent]")
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state("load")
    check_page(page, lang, stored)
    assert "Budi Santoso" in page.locator("[data-testid=delegation-row]").all_inner_texts()[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_organiser_journey(sized_page, live_server, demo, stored, lang):
    page, base = sized_page, live_server
    choose_language(page, base, lang)
    sign_in(page, base, ORGANISER, lang, stored)
    check_page(page, lang, stored)
    for path in (f"/events/{SLUG}", f"/events/{SLUG}/manage", f"/events/{PAST_SLUG}"):
        page.goto(base + path)
        check_page(page, lang, stored)
    # A new session refused (it ends before it starts, the meeting link is not https) keeps
    # everything typed, each error beside its field.
    page.goto(f"{base}/events/{SLUG}/sessions/new")
    check_page(page, lang, stored)
    typed = {"#title": "Sesi Tambahan: Tanya Jawab", "#speakers": "Tim Standardisasi Pelayanan Publik",
             "#starts_at": "2031-01-31T10:00", "#ends_at": "2031-01-31T09:00",
             "#meeting-join_url": "http://zoom.example.go.id/j/1", "#meeting-meeting_code": "851 0000 1234"}
    for selector, value in typed.items():
        page.fill(selector, value)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    check_page(page, lang, stored)
    assert {s: page.input_value(s) for s in typed} == typed
    for selector in ("#ends_at", "#meeting-join_url"):
        described = page.get_attribute(selector, "aria-describedby")
        assert described and page.locator(f"#{described}").inner_text().strip(), selector
    # The registrations list with its filters: statuses and agency kinds in words.
    page.goto(f"{base}/events/{PAST_SLUG}/registrations")
    check_page(page, lang, stored)
    # On a phone the links are folded into the menu, which opens without script.
    page.goto(f"{base}/events/{SLUG}")
    menu = page.get_by_test_id("site-menu")
    if page.viewport_size["width"] < 768:
        assert not page.get_by_test_id("user-name").is_visible()
        menu.locator("summary").click()
    assert page.get_by_test_id("user-name").is_visible()
    check_page(page, lang, stored)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_admin_journey(sized_page, live_server, demo, stored, lang):
    page, base = sized_page, live_server
    choose_language(page, base, lang)
    sign_in(page, base, ADMIN, lang, stored)
    check_page(page, lang, stored)
    if page.viewport_size["width"] < 768:
        page.get_by_test_id("site-menu").locator("summary").click()
    page.locator("header [data-nav=users]").click()
    page.wait_for_url(f"{base}/users")
    check_page(page, lang, stored)
    # An invitation with a mistyped address keeps the name and the address, the error beside it.
    page.fill("#name", "Sri Wahyuni")
    page.fill("#email", "sri.wahyuni@")
    page.locator("main form[action$='/users/invite'] button[type=submit]").click()
    page.wait_for_load_state("load")
    check_page(page, lang, stored)
    assert (page.input_value("#name"), page.input_value("#email")) == ("Sri Wahyuni", "sri.wahyuni@")
    described = page.get_attribute("#email", "aria-describedby")
    assert page.locator(f"#{described}").inner_text() == (
        "Alamat e-mail tidak valid." if lang == "id" else "Invalid email address.")
    for path in ("/agencies/", "/agencies/?pending=1", "/admin/outbox/", "/account"):
        page.goto(base + path)
        check_page(page, lang, stored)
