"""Templates carry no inline script, event handler, style or javascript: URL, so the page
policy (script-src 'self'; style-src 'self') never has to allow 'unsafe-inline'."""
import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PAGES = sorted(TEMPLATES.rglob("*.html"))

TAG = re.compile(r"<[a-zA-Z][^>]*>")
INLINE = {
    "inline <script> (give it a src= under static/js/)": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> element (use static/css/)": re.compile(r"<style\b", re.I),
}
IN_TAGS = {
    "event handler attribute (use addEventListener in static/js/)": re.compile(r"\son[a-z]+\s*=", re.I),
    "style attribute (use a class in static/css/app.css)": re.compile(r"\sstyle\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def problems(html: str) -> list[str]:
    found = [name for name, pattern in INLINE.items() if pattern.search(html)]
    for tag in TAG.findall(html):
        found += [f"{name}: {tag}" for name, pattern in IN_TAGS.items() if pattern.search(tag)]
    return found


def test_every_page_template_is_checked():
    assert len(PAGES) > 50 and TEMPLATES / "base.html" in PAGES


@pytest.mark.parametrize("template", PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_nothing_inline(template):
    assert problems(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>",
    "<SCRIPT type='module'>x()</SCRIPT>",
    '<form onsubmit="return confirm(1)">',
    "<select name=x\n        onchange='this.form.submit()'>",
    '<div style="margin:0">',
    "<style>p{}</style>",
    '<a href="javascript:window.print()">',
])
def test_the_check_finds_what_it_looks_for(html):
    assert problems(html)


@pytest.mark.parametrize("html", [
    '<script src="/static/js/behaviours.js" defer></script>',
    '<form data-confirm="Batalkan sesi ini?">',
    '<p>Sesi online dimulai; style="x" is text outside a tag</p>',
])
def test_the_check_leaves_what_is_allowed(html):
    assert problems(html) == []
