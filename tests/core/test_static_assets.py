"""Static files under versioned names, gzip to clients that accept it, cached for a year; HTML
gzip-compressed too, with the page policy and the validators kept."""
import gzip
import re
from pathlib import Path

from tests.registration.factory import make_event

ROOT = Path(__file__).resolve().parents[2]
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def linked(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_pages_link_versioned_files_served_compressed_and_immutable(client):
    html = client.get("/").get_data(as_text=True)
    files = linked(html)
    assert any(re.search(r"/static/vendor/pico/pico\.min\.[0-9a-f]{12}\.css$", f) for f in files)
    assert any(re.search(r"/static/favicon\.[0-9a-f]{12}\.svg$", f) for f in files)
    css = next(f for f in files if "pico" in f)
    response = client.get(css, headers=GZIP)
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"] and "max-age=" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff" and response.headers["X-Frame-Options"] == "DENY"
    assert "Accept-Encoding" in response.headers["Vary"]
    original = (ROOT / "static/vendor/pico/pico.min.css").read_bytes()
    assert len(response.get_data()) < len(original) / 5
    assert gzip.decompress(response.get_data()) == original
    plain = client.get(css)
    assert "Content-Encoding" not in plain.headers and plain.get_data() == original
    assert client.get("/static/css/app.css").status_code == 200  # old, unversioned links
    assert client.get("/favicon.ico").location.endswith(".svg")


def test_html_is_compressed_and_keeps_its_policy_and_validators(client, db):
    make_event()
    first = client.get("/events/uji", headers=GZIP)
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first.headers["Vary"]
    assert "script-src 'self'" in first.headers["Content-Security-Policy"]
    assert "Lokakarya uji" in gzip.decompress(first.get_data()).decode()
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/events/uji", headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304
    # A client that does not accept gzip gets the page as it is, and its copy is current too.
    plain = client.get("/events/uji")
    assert "Content-Encoding" not in plain.headers and "Lokakarya uji" in plain.get_data(as_text=True)
    assert client.get("/events/uji", headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304
