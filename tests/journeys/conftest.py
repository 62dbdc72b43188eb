"""What every page of a journey must hold, in Chromium at a phone's and a desktop's width:
nothing wider than the screen, no interface string of the other language (tests/languages.py,
built from the catalogues), no internal code."""
import re

import pytest

from tests.languages import ADDRESSES, leaks, raw_codes

WIDTHS = (360, 1280)
# Words people never read on a page: codes as stored (snake_case, agency kinds in lower case)
# and, on an Indonesian page, the English status and role codes.
RAW_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:dukcapil|dpmptsp|setda)\b")
RAW_WORDS_ID = re.compile(r"\b(?:confirmed|pending|waitlisted|cancelled|rejected|ministry|organiser|admin)\b")
# Texts a person reads that are not the page's text: placeholders, tooltips, labels for screen
# readers, images' alternatives, buttons' values (of the elements shown).
ATTRIBUTE_TEXTS = """() => [...document.querySelectorAll(
        '[placeholder], [title], [aria-label], [alt], input[type=submit], input[type=button]')]
    .filter(e => e.getClientRects().length || e.closest('details'))
    .flatMap(e => ['placeholder', 'title', 'aria-label', 'alt', 'value'].filter(a => a !== 'value'
        || ['submit', 'button'].includes(e.type)).map(a => e.getAttribute(a)).filter(Boolean)).join('\\n')"""


def check_page(page, lang: str, stored, codes: bool = True, words: bool = True) -> None:
    """The page now shown holds up: no horizontal overflow, no string of the other language,
    no raw code (e-mail addresses and links aside, where a code may be part of a name; `stored`
    is the fixture of tests/conftest.py that reads the stored texts)."""
    page.wait_for_load_state("load")
    where = page.url
    width = page.evaluate("window.innerWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{where}: {scroll} px wide in a {width} px window"
    cut_off = page.evaluate(CUT_OFF)
    assert not cut_off, f"{where}: out of reach in a {width} px window: {cut_off[:5]}"
    # Words quoted as another service wrote them (translate="no": a provider's own message) are
    # not the interface's.
    text = page.evaluate(VISIBLE_TEXT) + "\n" + page.title() + "\n" + page.evaluate(ATTRIBUTE_TEXTS)
    leaked = leaks(text, lang, stored) if words else []
    assert not leaked, f"{where} ({lang}) shows text of the other language: {leaked[:5]}"
    if codes:
        plain = ADDRESSES.sub(" ", text)
        found = RAW_CODE.findall(plain) + (RAW_WORDS_ID.findall(plain) if lang == "id" else [])
        found += raw_codes(text, lang, stored)
        assert not found, f"{where} shows codes: {found[:5]}"

VISIBLE_TEXT = """() => { const body = document.body.cloneNode(true);
    body.querySelectorAll('[translate=no]').forEach(e => e.remove());
    document.documentElement.appendChild(body); body.style.position = 'absolute';
    const text = body.innerText; body.remove(); return text; }"""
# Controls a person cannot reach: beyond the window's edges, or cut off by a box that hides what
# overflows (the page itself then is not wider than the screen). A box that scrolls sideways
# holds them within reach.
CUT_OFF = """() => [...document.querySelectorAll('a, button, input, select, textarea, summary')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || !e.checkVisibility({visibilityProperty: true})) return false;  // a folded menu's too
    for (let p = e.parentElement; p; p = p.parentElement) {
        const overflow = getComputedStyle(p).overflowX;
        if (overflow === 'auto' || overflow === 'scroll') return false;
        if (overflow === 'hidden' || overflow === 'clip') {
            const box = p.getBoundingClientRect();
            if (r.right > box.right + 1 || r.left < box.left - 1) return true;
        }
    }
    return r.right > window.innerWidth + 1 || r.left < -1;
}).map(e => (e.innerText || e.value || e.name || e.outerHTML).trim().slice(0, 80))"""


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(request, browser):
    """A fresh browser window of 360 (a phone) or 1280 px, in Jayapura's zone."""
    # Not is_mobile: a mobile browser zooms out to fit a page that is too wide, which would hide
    # the overflow check_page looks for.
    context = browser.new_context(viewport={"width": request.param, "height": 800},
                                  has_touch=request.param < 600, timezone_id="Asia/Jayapura")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def choose_language(page, base: str, lang: str) -> None:
    page.goto(f"{base}/lang/{lang}?next=/")
