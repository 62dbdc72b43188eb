"""In Chromium, at a phone's 360 px and a desk's 1280 px, in Indonesian and in English: the
Bengkulu focal point signs in, lands on 'Tugas saya', reaches the submission form by clicking,
nothing is wider than the screen, a refused form keeps what was typed, and no page shows a word
of the other language or a stored code."""
import re
from datetime import UTC, datetime

import pytest

from lokakarya.extensions import db as _db
from lokakarya.followup.models import FollowupRound
from tests.languages import leaks, raw_codes

pytestmark = pytest.mark.browser

WORDS = {
    "id": {  # English words that must not appear on an Indonesian page
        "login": ("E-mail", "Kata sandi", "Masuk"),
        "foreign": ("required", "Submit", "Cancel", "Save", "Delete", "Sign out", "Follow-up", "Agency",
                    "Province", "Due date", "Overdue", "Draft", "My tasks", "Home"),
        "tasks": "Tugas saya", "save": "Simpan komitmen", "error": "Target tidak boleh sebelum tanggal acara.",
    },
    "en": {  # Indonesian words that must not appear on an English page
        "login": ("E-mail", "Password", "Sign in"),
        "foreign": ("Simpan", "Batal", "Wajib", "Instansi", "Provinsi", "Keluar", "Kiriman", "Tugas saya",
                    "Terlambat", "Tindak lanjut", "Permasalahan", "Komitmen", "Draf", "Tambah"),
        "tasks": "My tasks", "save": "Save commitment", "error": "The due date cannot be before the event.",
    },
}
CODES = ("draft", "submitted", "returned", "in_progress", "province_focal_point", "sarana_prasarana",
         "lainnya", "dpmptsp", "followup.", "none")


@pytest.fixture
def round_open(app, world, open_submissions, add_issue):
    add_issue("17", category="sarana_prasarana", text="Belum ada Mal Pelayanan Publik")
    with app.app_context():
        _db.session.add(FollowupRound(event_id=world.event_id, deadline=datetime(2030, 1, 31, 10, tzinfo=UTC)))
        _db.session.commit()


@pytest.fixture
def focal_point(make_user):
    return make_user("province_focal_point", email="rahmat@bengkuluprov.example.go.id", name="Rahmat Hidayat",
                     province_code="17")


def _check_page(pg, lang: str, where: str, stored) -> None:
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        wide = pg.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right
            > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ':' + e.textContent.slice(0, 30))""")
        raise AssertionError(f"{where} is {overflow}px wider than the screen: {wide}")
    text = pg.locator("body").inner_text()
    for word in WORDS[lang]["foreign"]:
        assert not re.search(rf"\b{re.escape(word)}\b", text), f"{where} ({lang}) shows {word!r}"
    for code in CODES:
        assert not re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", text), f"{where} shows the code {code!r}"
    # And every interface string of the other language, every stored code (tests/languages.py).
    assert leaks(text, lang, stored) == [], where
    assert raw_codes(text, lang, stored) == [], where


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_province_focal_point_finds_the_form(browser, live_server, world, focal_point, round_open, stored, lang,
                                              width):
    words = WORDS[lang]
    # Not is_mobile: a mobile browser zooms out to fit a page that is too wide, which would
    # hide the overflow this test looks for.
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=width < 600)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    try:
        pg.goto(f"{live_server}/lang/{lang}?next=/login")
        email, password, sign_in = words["login"]
        pg.get_by_label(email).fill(focal_point.email)
        pg.get_by_label(password).fill("correct-horse-9")
        pg.get_by_role("button", name=sign_in).click()
        pg.wait_for_url(f"{live_server}/tasks")
        assert words["tasks"] in pg.locator("h1").inner_text()
        # In the header (folded into the menu on a phone: counted whether shown or not).
        assert pg.locator("header [data-testid=nav-tasks]").count() == 1
        _check_page(pg, lang, "/tasks", stored)

        pg.get_by_test_id("round-link").first.click()
        pg.wait_for_url(f"{live_server}/events/{world.slug}/follow-up/provinces/17")
        _check_page(pg, lang, "submission", stored)

        form = pg.get_by_test_id("commitment-form")
        form.locator("[name=title]").fill("Mal Pelayanan Publik terbuka")
        form.locator("[name=expected_output]").fill("Gedung MPP beroperasi")
        form.locator("[name=agency_id]").select_option(str(world.other_agency["17"]))
        form.locator("[name=due_date]").fill("1900-01-01")
        form.get_by_role("button", name=words["save"]).click()
        pg.wait_for_load_state()
        form = pg.get_by_test_id("commitment-form")
        assert form.locator("[name=title]").input_value() == "Mal Pelayanan Publik terbuka"
        assert form.locator("[name=expected_output]").input_value() == "Gedung MPP beroperasi"
        assert form.locator("[name=agency_id]").input_value() == str(world.other_agency["17"])
        error = form.get_by_test_id("field-error")
        assert error.inner_text() == words["error"]
        described = form.locator("[name=due_date]").get_attribute("aria-describedby")
        assert described == error.get_attribute("id")
        assert pg.evaluate("document.activeElement.name") == "due_date"
        _check_page(pg, lang, "submission with an error", stored)
    finally:
        context.close()
