"""`next` after login and after switching language: only a path on this site, as a browser reads it.

Each hostile value is what the server receives in `next` (already URL-decoded once by the server):
`"/\\t/evil.example"` is the issue's `?next=/%09/evil.example`, `"/%09/evil.example"` the same sent
encoded twice. The Location of the answer must be the safe default, and must stay on this site
when resolved against the site's address the way a browser resolves it.
"""
import re
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from lokakarya.core.redirects import safe_target

BASE = "http://lokakarya.test"  # BASE_URL in tests

HOSTILE = [
    "/\t/evil.example",                 # the issue's example: the browser drops the tab
    "/%09/evil.example",                # the same, encoded once more
    "/\r\n/evil.example",
    "/%0d%0a/evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example/path",
    "/\\evil.example",                  # browsers read a backslash as a slash
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    " //evil.example",                  # leading space and C0 controls are stripped
    "\t//evil.example",
    "\x00//evil.example",
    "\x1f/\\evil.example",
    "/%2F/evil.example",                # encoded slashes and backslashes
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "/%252F%252Fevil.example",          # double and triple encodings
    "/%25252F/evil.example",
    "%252F%252Fevil.example",
    "/%00/evil.example",
    "/.//evil.example",                 # dot segments that leave '//' at the start of the path
    "/..//evil.example",
    "/./\\evil.example",
    "/%2e%2e//evil.example",
    "/a/../..//evil.example",
    "https://evil.example",
    "HTTPS://evil.example/",
    "http:evil.example",
    "http:\\\\evil.example",
    "https://lokakarya.test@evil.example",   # userinfo that looks like our host
    "//lokakarya.test@evil.example",
    "/\\lokakarya.test:secret@evil.example",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "／／evil.example",                 # full-width solidus (NFKC: '/')
    "/／evil.example",
    "evil.example",                     # not a path at all
    "",
]

LEGITIMATE = [
    "/",
    "/events/lokakarya-2020",
    "/events/lokakarya-2020/registrations?status=pending&agency=3",
    "/follow-up/items?event=lokakarya-2020&page=2#daftar",
    "/events/lokakarya%20uji",                       # encoded space
    "/agencies/?q=Dinas%20Dukcapil%20Bengkulu",
    "/agencies/?q=Dinas+Dukcapil",
    "/agencies/?q=Bengkul%C3%BA",                    # encoded unicode
    "/agencies/?q=Bengkulú",                         # unicode as typed
    "/acara/pelayanan-publik-ñ",
    "/agencies/?q=Dinas – Bengkulu",                 # beyond Latin-1
    "/agencies/?q=%E2%80%93",
    "/events?q=a%2Fb",                               # an encoded slash inside a query value
    "/events?next=/follow-up/",
    "/r/Qw3rTy-uIoP_asdf/join/5",
    "/follow-up/provinces/17",
    "/path/with:colon",
    "/cari?q=100%25",
]


def _browser_reads(location: str) -> str:
    """What a browser makes of a Location value before resolving it (WHATWG URL parsing of a
    relative reference against an http(s) base)."""
    controls = "".join(map(chr, range(0x21)))
    return location.strip(controls).replace("\t", "").replace("\r", "").replace("\n", "").replace("\\", "/")


def _assert_same_site_default(location: str, start: str = "/") -> None:
    assert location == start
    resolved = urlsplit(urljoin(BASE, _browser_reads(location)))
    assert (resolved.scheme, resolved.netloc) == ("http", "lokakarya.test")


@pytest.fixture
def organiser(make_user):
    return make_user("organiser", email="rina@example.go.id")


def _login_location(app, email: str, target: str) -> str:
    client = app.test_client()  # a fresh browser each time: signed-in users skip `next`
    response = client.post("/login", query_string={"next": target},
                           data={"email": email, "password": "correct-horse-9"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_next_after_login_goes_to_the_start_page(app, organiser, target):
    _assert_same_site_default(_login_location(app, organiser.email, target), "/tasks")


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_next_after_language_switch_goes_to_the_start_page(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.status_code == 302
    _assert_same_site_default(response.headers["Location"])


def test_the_issues_example_as_written(client, app, organiser):
    response = client.get("/lang/en?next=/%09/evil.example")
    assert response.headers["Location"] == "/"
    response = app.test_client().post("/login?next=/%09/evil.example",
                                      data={"email": organiser.email,
                                            "password": "correct-horse-9"})
    assert response.headers["Location"] == "/tasks"


@pytest.mark.parametrize("target", LEGITIMATE)
def test_paths_on_this_site_are_kept_after_login(app, organiser, target):
    location = _login_location(app, organiser.email, target)
    assert location.isascii()  # a header value: non-ASCII is percent-encoded
    assert unquote(location) == unquote(target)


@pytest.mark.parametrize("target", LEGITIMATE)
def test_paths_on_this_site_are_kept_after_language_switch(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.status_code == 302
    assert unquote(response.headers["Location"]) == unquote(target)
    resolved = urlsplit(urljoin(BASE, response.headers["Location"]))
    assert resolved.netloc == "lokakarya.test"


def test_language_links_in_the_header_return_to_the_page(client, demo):
    """The ID | EN links carry the current page (with its query) as `next`."""
    html = client.get(f"/events/{demo['event']}?tab=agenda").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)"\s+lang="en"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.headers["Location"] == f"/events/{demo['event']}?tab=agenda"


@pytest.mark.parametrize("target", HOSTILE)
def test_helper_refuses_hostile_values(target):
    assert safe_target(target, "/home") == "/home"


@pytest.mark.parametrize("value", [None, 42, ["/"]])
def test_helper_refuses_what_is_not_text(value):
    assert safe_target(value, "/home") == "/home"
