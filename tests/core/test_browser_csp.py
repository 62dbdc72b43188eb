"""In Chromium, under the real Content-Security-Policy: the pages whose scripts moved to static
files still work, and no page reports a violation ("Refused to …")."""
import re
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from lokakarya.demo.seed import ORGANISER
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from tests.core.test_redirects import HOSTILE
from tests.events.factories import make_event as make_planned_event
from tests.events.factories import make_registration
from tests.registration.factory import make_agencies, make_event

pytestmark = pytest.mark.browser

# Recorded in the page from its first script on: the DOM's own report of each violation.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


class Watched:
    """A page and the CSP violations it reported, on the console and as DOM events."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.on("console", self._console)
        page.add_init_script(RECORD_VIOLATIONS)

    def _console(self, message) -> None:
        if "Refused to" in message.text or "Content Security Policy" in message.text:
            self.console.append(message.text)

    def assert_clean(self) -> None:
        self.page.wait_for_load_state("load")
        assert self.console == []
        assert self.page.evaluate("window.__violations") == []


@pytest.fixture
def watched(page):
    return Watched(page)


def sign_in(page, live_server, email, password="correct-horse-9"):
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server}/tasks")


def test_registration_form_filters_agencies_and_shows_new_agency_fields(watched, live_server, db):
    make_event(provinces=("17", "31"))
    make_agencies("17", 2)
    make_agencies("31", 1)
    page = watched.page
    page.goto(f"{live_server}/events/uji/register")
    page.select_option("#province", "17")
    page.get_by_role("button", name="Lanjut").click()
    page.wait_for_url("**/register?province=17")
    expect(page.locator("#new-agency")).to_be_hidden()  # shown only when asked for (its script ran)
    page.check("#agency_missing")
    expect(page.locator("#new-agency")).to_be_visible()
    # Only the chosen province's agencies are listed; the search narrows them.
    assert page.locator("#agency_id option").all_inner_texts() == [
        "— pilih instansi —", "Dinas dukcapil 17-0", "Dinas dukcapil 17-1"]
    page.fill("[data-picker-search]", "17-1")
    page.wait_for_function("() => document.querySelectorAll('#agency_id option').length === 2")
    page.fill("[data-picker-search]", "")
    page.wait_for_function("() => document.querySelectorAll('#agency_id option').length === 3")
    watched.assert_clean()


def test_users_page_agency_picker(watched, live_server, app, make_user):
    from lokakarya.agencies.services import create_agency

    with app.app_context():
        create_agency("Dinas Dukcapil Provinsi Bengkulu", "dukcapil", "17", None)
        create_agency("Dinas Dukcapil Provinsi Jambi", "dukcapil", "15", None)
        db.session.commit()
    make_user("organiser", email="rina@example.go.id")
    page = watched.page
    sign_in(page, live_server, "rina@example.go.id")
    page.goto(f"{live_server}/users")
    page.locator("[data-picker-province]").select_option("17")
    page.wait_for_function("() => document.querySelectorAll('select[name=agency_id] option').length === 2")
    assert page.locator("select[name=agency_id] option").all_inner_texts() == [
        "—", "Dinas Dukcapil Provinsi Bengkulu"]
    watched.assert_clean()


def test_join_wait_page_counts_down(watched, live_server, app):
    with app.app_context():
        event = make_planned_event(slug="nanti", sessions=1, start=now_utc() + timedelta(days=2, hours=3))
        registration = make_registration(event)
        db.session.commit()
        path = f"/r/{registration.token}/join/{event.sessions[0].id}"
    page = watched.page
    page.goto(live_server + path)
    countdown = page.locator("#countdown")
    page.wait_for_function("() => document.getElementById('countdown').textContent !== '…'")
    first = countdown.inner_text()
    assert re.fullmatch(r"2 hari \d\d:\d\d:\d\d", first), first  # the page's language
    page.wait_for_function("first => document.getElementById('countdown').textContent !== first", arg=first)
    watched.assert_clean()


def _cancel_first_session(page, answer: bool) -> str:
    shown = []

    def respond(dialog):
        shown.append(dialog.message)
        dialog.accept() if answer else dialog.dismiss()

    page.once("dialog", respond)
    row = page.get_by_test_id("manage-session-row").first
    row.get_by_role("button", name=re.compile("^(Batalkan|Cancel)$")).click()
    page.wait_for_load_state("load")
    return shown[0]


def test_manage_page_asks_before_cancelling_a_session_in_the_users_language(watched, live_server, demo):
    page = watched.page
    sign_in(page, live_server, ORGANISER.email, ORGANISER.password)
    page.goto(f"{live_server}/events/{demo['event']}/manage")
    first_row = page.get_by_test_id("manage-session-row").first

    message = _cancel_first_session(page, answer=False)
    assert message == "Batalkan sesi ini? Peserta terkonfirmasi akan menerima pembatalan."
    assert "Dibatalkan" not in first_row.inner_text()  # "Batal" in the dialog keeps the session

    page.get_by_role("link", name="EN", exact=True).click()
    page.wait_for_url(f"**/events/{demo['event']}/manage")
    message = _cancel_first_session(page, answer=True)
    assert message == "Cancel this session? Confirmed participants will receive a cancellation."
    page.get_by_test_id("manage-session-row").first.get_by_text("Cancelled").wait_for()
    watched.assert_clean()


def test_recommendation_form_reloads_with_the_chosen_province(watched, live_server, demo):
    page = watched.page
    sign_in(page, live_server, ORGANISER.email, ORGANISER.password)
    page.goto(f"{live_server}/events/{demo['event']}/follow-up/recommendations")
    with page.expect_navigation():
        page.locator("select[name=province_code]").select_option("17")
    assert "province_code=17" in page.url
    assert page.locator("input[type=hidden][name=province_code]").get_attribute("value") == "17"
    watched.assert_clean()


def test_report_print_link(watched, live_server, demo):
    page = watched.page
    page.add_init_script("window.print = function () { window.__printed = true; };")
    sign_in(page, live_server, ORGANISER.email, ORGANISER.password)
    page.goto(f"{live_server}/events/{demo['event']}/follow-up/report")
    page.get_by_role("link", name="Cetak").click()
    assert page.evaluate("window.__printed") is True
    watched.assert_clean()


def test_no_page_reports_a_violation(watched, live_server, demo, app):
    """The demo's pages, as an organiser and as a participant, with their styles applied."""
    from lokakarya.registration.models import Registration

    with app.app_context():
        token = db.session.execute(db.select(Registration.token).limit(1)).scalar_one()
    slug = demo["event"]
    page = watched.page
    page.goto(f"{live_server}/r/{token}")
    watched.assert_clean()
    sign_in(page, live_server, ORGANISER.email, ORGANISER.password)
    for path in ("/", f"/events/{slug}", f"/events/{slug}/manage", f"/events/{slug}/registrations",
                 f"/events/{slug}/registrations/print", f"/events/{slug}/attendance",
                 f"/events/{slug}/certificates", f"/events/{slug}/reminders", f"/events/{slug}/materials",
                 f"/events/{slug}/evaluation", f"/events/{slug}/follow-up", f"/events/{slug}/follow-up/report",
                 "/follow-up/", "/follow-up/items", "/agencies/", "/users", "/admin/outbox/", "/account"):
        response = page.goto(live_server + path)
        assert response.status == 200, path
        watched.assert_clean()
    # Styles from app.css, not from style attributes: the logout button is compact.
    padding = page.evaluate("getComputedStyle(document.querySelector('form.compact button')).paddingTop")
    assert padding == "3.2px"  # .2rem


@pytest.mark.parametrize("target", HOSTILE)
def test_browser_following_the_language_switch_stays_on_the_site(page, live_server, target):
    """Chromium follows the Location itself; any request that leaves the site is refused, so
    the navigation would fail."""
    page.route(lambda url: not url.startswith(live_server), lambda route: route.abort())
    page.goto(f"{live_server}/lang/en?{urlencode({'next': target})}")
    assert urlsplit(page.url).netloc == urlsplit(live_server).netloc
    assert urlsplit(page.url).path == "/"


def test_chromium_resolves_every_login_location_on_the_site(page, app, make_user):
    """The Location after login, for every hostile `next`, resolved by Chromium's URL parser."""
    user = make_user("organiser", email="rina@example.go.id")
    locations = []
    for target in HOSTILE:
        response = app.test_client().post("/login", query_string={"next": target},
                                          data={"email": user.email, "password": "correct-horse-9"})
        locations.append(response.headers["Location"])
    origins = page.evaluate("locations => locations.map(l => new URL(l, 'http://lokakarya.test/login').origin)",
                            locations)
    assert set(origins) == {"http://lokakarya.test"}
