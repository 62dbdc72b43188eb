"""What every page of a journey must hold, in Chromium at a phone's and a desktop's width:
nothing wider than the screen, no interface string of the other language, no internal code."""
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (360, 1280)
# Words people never read on a page: codes as stored (snake_case, agency kinds in lower case)
# and, on an Indonesian page, the English status and role codes.
RAW_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:dukcapil|dpmptsp|setda)\b")
RAW_WORDS_ID = re.compile(r"\b(?:confirmed|pending|waitlisted|cancelled|rejected|ministry|organiser|admin)\b")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


@cache
def catalogue_strings() -> dict[str, tuple[str, ...]]:
    """Interface strings that differ between the languages, long enough not to be a data
    word: {"id": Indonesian originals, "en": their English translations}."""
    indonesian, english = set(), set()
    for po in ROOT.glob("lokakarya/*/translations/en.po"):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if not message.id or not isinstance(message.id, str) or not message.string:
                    continue
                if message.id == message.string:
                    continue
                for source, target in ((message.id, indonesian), (message.string, english)):
                    for piece in PLACEHOLDER.split(source):
                        piece = piece.strip(" .:,()")
                        # Three words or more: a name such as "Dinas Dukcapil" is data too.
                        if len(piece) >= 16 and len(piece.split()) >= 3 and "\n" not in piece:
                            target.add(piece)
    common = indonesian & english
    return {"id": tuple(sorted(indonesian - common)), "en": tuple(sorted(english - common))}


ADDRESSES = re.compile(r"\S+@\S+|\S+://\S+")


def check_page(page, lang: str, codes: bool = True) -> None:
    """The page now shown holds up: no horizontal overflow, no string of the other language,
    no raw code (e-mail addresses and links aside, where a code may be part of a name)."""
    page.wait_for_load_state("load")
    where = page.url
    width = page.evaluate("window.innerWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{where}: {scroll} px wide in a {width} px window"
    text = page.locator("body").inner_text()
    other = "en" if lang == "id" else "id"
    leaked = [s for s in catalogue_strings()[other] if s in text]
    assert not leaked, f"{where} ({lang}) shows {other} text: {leaked[:5]}"
    plain = ADDRESSES.sub(" ", text)
    found = (RAW_CODE.findall(plain) + (RAW_WORDS_ID.findall(plain) if lang == "id" else [])) if codes else []
    assert not found, f"{where} shows codes: {found[:5]}"


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(request, browser):
    """A fresh browser window of 360 (a phone) or 1280 px, in Jayapura's zone."""
    phone = request.param < 600
    context = browser.new_context(viewport={"width": request.param, "height": 800}, is_mobile=phone,
                                  has_touch=phone, timezone_id="Asia/Jayapura")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def choose_language(page, base: str, lang: str) -> None:
    page.goto(f"{base}/lang/{lang}?next=/")
