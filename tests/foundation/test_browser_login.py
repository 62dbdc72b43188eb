"""In a real browser: the demo organiser signs in, sees the demo workshop and its agenda in WIB,
in Indonesian, then switches to English."""
import re

import pytest

from lokakarya.demo.seed import ORGANISER, SLUG, TITLE

pytestmark = pytest.mark.browser


def test_demo_organiser_sees_the_workshop_in_indonesian_then_english(page, live_server, demo):
    page.goto(f"{live_server}/login")
    assert page.locator("html").get_attribute("lang") == "id"
    page.get_by_label("E-mail").fill(ORGANISER.email)
    page.get_by_label("Kata sandi").fill(ORGANISER.password)
    page.get_by_role("button", name="Masuk").click()

    page.wait_for_url(f"{live_server}/tasks")
    nav = page.locator("header nav")
    assert ORGANISER.name in nav.inner_text()
    for label in ("Acara", "Daftar instansi", "Pengguna", "Kotak keluar", "Keluar"):
        assert label in nav.inner_text()
    page.goto(f"{live_server}/")
    card = page.get_by_test_id("event-card").filter(has_text=TITLE)
    assert "Kamis, 12 November 2020" in card.inner_text()
    assert "08.30–15.00 WIB" in card.inner_text()

    card.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"{live_server}/events/{SLUG}")
    rows = page.get_by_test_id("session-row")
    assert rows.count() == 5
    assert re.search(r"08\.30 WIB\s*–\s*09\.00 WIB", rows.first.inner_text())
    assert "Pembukaan" in rows.first.inner_text()
    assert "Penutupan" in rows.last.inner_text() and "15.00 WIB" in rows.last.inner_text()
    assert "Kamis, 12 November 2020" in page.locator("main").inner_text()

    page.locator("header nav").get_by_role("link", name="EN", exact=True).click()
    page.wait_for_url(f"{live_server}/events/{SLUG}")
    assert page.locator("html").get_attribute("lang") == "en"
    nav_text = page.locator("header nav").inner_text()
    for label in ("Events", "Agencies", "Users", "Outbox", "Sign out"):
        assert label in nav_text
    main = page.locator("main").inner_text()
    assert "Thursday, 12 November 2020" in main
    assert re.search(r"08:30 WIB\s*–\s*09:00 WIB", page.get_by_test_id("session-row").first.inner_text())
    assert "Kamis" not in main


def test_wrong_password_shows_the_message_in_the_browser(page, live_server, demo):
    page.goto(f"{live_server}/login?lang=en")
    page.get_by_label("E-mail").fill(ORGANISER.email)
    page.get_by_label("Password").fill("not-the-password-1")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".flash.error").inner_text() == "Wrong e-mail or password."
    assert "Sign out" not in page.locator("header nav").inner_text()


def test_organiser_pages_fit_a_phone_screen(phone_page, live_server, demo):
    phone_page.goto(f"{live_server}/login")
    phone_page.get_by_label("E-mail").fill(ORGANISER.email)
    phone_page.get_by_label("Kata sandi").fill(ORGANISER.password)
    phone_page.get_by_role("button", name="Masuk").click()
    phone_page.wait_for_url(f"{live_server}/tasks")
    for path in ("/", f"/events/{SLUG}", "/users", "/agencies/", "/admin/outbox/"):
        phone_page.goto(f"{live_server}{path}")
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
        phone_page.get_by_text("Menu", exact=True).click()  # the header's links fold into a menu
        assert phone_page.get_by_role("button", name="Keluar").is_visible()
