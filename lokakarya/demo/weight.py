"""What a browser downloads on the first visit of a page: the HTML and the stylesheets and
scripts it links, each as sent (compressed when the client accepts it). Images and the favicon
are left out (the budget is HTML, CSS and JS). Used by bench/page_weight.py and its test."""
from dataclasses import dataclass
from html.parser import HTMLParser

ACCEPT_ENCODING = "gzip, deflate, br"


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.css.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.js.append(attributes["src"])


@dataclass(frozen=True)
class Weight:
    html: int
    css: int
    js: int
    files: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.html + self.css + self.js


def first_load(client, path: str, seen: set[str] | None = None) -> Weight:
    """Bytes transferred (bodies as sent) for `path` and its CSS and JS, with a fresh cache.
    `client` is a Flask test client; a non-200 answer anywhere raises."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING}

    def get(url: str) -> bytes:
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise AssertionError(f"{url}: {response.status_code}")
        return response.get_data()  # as sent: still compressed when Content-Encoding says so

    page = get(path)
    parser = _Assets()
    response_text = client.get(path).get_data(as_text=True)
    parser.feed(response_text)
    css = sum(len(get(url)) for url in parser.css)
    js = sum(len(get(url)) for url in parser.js)
    return Weight(len(page), css, js, tuple(parser.css + parser.js))
