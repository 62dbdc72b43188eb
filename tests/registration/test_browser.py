"""A participant registers on a phone-sized screen and lands on their own page."""
import pytest

from tests.registration.factory import make_agencies, make_event, person


@pytest.mark.browser
def test_register_on_a_phone(live_server, phone_page, db):
    make_event(provinces=("17", "31"), capacity=10)
    make_agencies("17", 2)
    page = phone_page
    page.goto(f"{live_server}/events/uji")
    page.get_by_test_id("register-button").click()
    page.select_option("#province", "17")
    page.get_by_role("button", name="Lanjut").click()
    p = person(1)
    page.fill("#name", p["name"])
    page.fill("#nip", "19860926 201505 1 001")
    page.fill("#position", p["position"])
    page.fill("#email", p["email"])
    page.fill("#phone", "0812 7300 1104")
    page.select_option("#agency_id", label="Dinas dukcapil 17-1")
    page.check("#consent")
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Daftar", exact=True).click()
    page.wait_for_url(f"{live_server}/r/**")
    assert page.get_by_test_id("registration-status").is_visible()
    assert "Terkonfirmasi" in page.get_by_test_id("registration-status").inner_text()
    assert p["name"] in page.locator("h1").inner_text()
