"""core/conditional through real requests to small routes: which answers get validators and
when a validator still matches."""
from datetime import timedelta

import pytest
from flask import render_template_string
from werkzeug.http import http_date

from lokakarya.core.conditional import Version, conditional
from lokakarya.timeutil import now_utc

HOUR_AGO = now_utc().replace(microsecond=0) - timedelta(hours=1)


def probe_app(make_app, version: Version, body=lambda: "isi", **config):
    app = make_app(**config)
    app.add_url_rule("/probe", "probe", lambda: conditional(version, body, "public, max-age=60"))
    return app


def test_a_current_copy_is_not_modified_for_get_and_head(make_app):
    client = probe_app(make_app, Version(("a", 1), modified_at=HOUR_AGO)).test_client()
    full = client.get("/probe")
    assert full.status_code == 200 and full.headers["Last-Modified"] == http_date(HOUR_AGO)
    for method in (client.get, client.head):
        response = method("/probe", headers={"If-None-Match": full.headers["ETag"]})
        assert response.status_code == 304 and response.data == b""
        assert response.headers["Cache-Control"] == "public, max-age=60"
        assert "Content-Type" not in response.headers and "Content-Security-Policy" not in response.headers


def test_if_none_match_wins_over_if_modified_since(make_app):
    """RFC 9110 13.2.2: a client that sends both is judged by its ETag."""
    client = probe_app(make_app, Version(("a", 1), modified_at=HOUR_AGO)).test_client()
    response = client.get("/probe", headers={"If-None-Match": '"older"', "If-Modified-Since": http_date(now_utc())})
    assert response.status_code == 200


def test_a_change_within_the_last_second_sends_no_last_modified(make_app):
    """HTTP dates have whole seconds: another change later in that second would carry the same
    date, and a client asking If-Modified-Since would miss it."""
    app = make_app()
    # The change happens as the request comes (set-up on a loaded machine can take seconds).
    app.add_url_rule("/probe", "probe", lambda: conditional(
        Version(("a", 1), modified_at=now_utc()), lambda: "isi", "public, max-age=60"))
    response = app.test_client().get("/probe")
    assert response.status_code == 200 and "ETag" in response.headers
    assert "Last-Modified" not in response.headers


def test_undated_versions_send_no_last_modified_and_ignore_if_modified_since(make_app):
    client = probe_app(make_app, Version(("a", 1), modified_at=HOUR_AGO, dated=False)).test_client()
    assert "Last-Modified" not in client.get("/probe").headers
    assert client.get("/probe", headers={"If-Modified-Since": http_date(now_utc())}).status_code == 200


def test_an_answer_with_a_csrf_token_gets_no_validator(make_app):
    """A form's token belongs to one visitor and expires: such a body is never handed a
    validator that a later request could present."""
    client = probe_app(make_app, Version(("a", 1)),
                       body=lambda: render_template_string("<form>{{ csrf_token() }}</form>")).test_client()
    response = client.get("/probe")
    assert response.status_code == 200 and "ETag" not in response.headers
    assert "Last-Modified" not in response.headers


def test_an_answer_that_is_not_200_gets_no_validator(make_app):
    client = probe_app(make_app, Version(("a", 1)), body=lambda: ("tidak ada", 404)).test_client()
    response = client.get("/probe")
    assert response.status_code == 404 and "ETag" not in response.headers


@pytest.mark.parametrize(("setting", "value", "same"), [
    ("BASE_URL", "http://lokakarya.test", True),  # another worker with the same settings
    ("BASE_URL", "https://lokakarya.example.go.id", False),  # links in the body change
    ("MAIL_FROM", "Panitia <panitia@example.go.id>", False),  # a calendar's ORGANIZER changes
])
def test_the_etag_is_the_same_on_every_worker_with_the_same_settings(make_app, setting, value, same):
    version = Version(("a", 1))
    first = probe_app(make_app, version).test_client().get("/probe").headers["ETag"]
    other = probe_app(make_app, version, **{setting: value}).test_client().get("/probe").headers["ETag"]
    assert (first == other) is same


def test_the_code_fingerprint_follows_the_contents_not_the_place(tmp_path):
    """Two machines with the same code agree; a deploy that changes a template does not."""
    from lokakarya.core.conditional import code_fingerprint

    for machine in ("satu", "dua"):
        (tmp_path / machine / "events").mkdir(parents=True)
        (tmp_path / machine / "events" / "detail.html").write_text("<h1>{{ event.title }}</h1>")
        (tmp_path / machine / "cache.pyc").write_bytes(b"\x00")  # compiled files are no code here
    (tmp_path / "dua" / "cache.pyc").write_bytes(b"\x01")
    assert code_fingerprint(tmp_path / "satu") == code_fingerprint(tmp_path / "dua")
    (tmp_path / "tiga" / "events").mkdir(parents=True)
    (tmp_path / "tiga" / "events" / "detail.html").write_text("<h1>{{ event.title | upper }}</h1>")
    assert code_fingerprint(tmp_path / "tiga") != code_fingerprint(tmp_path / "satu")
