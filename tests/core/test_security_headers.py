"""Security headers on every answer, through the test client: pages, files, feeds, API, errors."""
from datetime import timedelta
from pathlib import Path

import pytest

from lokakarya.extensions import db
from lokakarya.timeutil import now_utc
from tests.conftest import login
from tests.events.factories import make_event, make_registration

STRICT = "strict-origin-when-cross-origin"


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.fixture
def site(app, make_user):
    """An event with a session on now (join redirects) and one next year (join waits), a
    confirmed participant, an organiser signed in on their own client, and their tokens."""
    from lokakarya.auth.models import User
    from lokakarya.auth.tokens import make_link_token
    from lokakarya.ical.feed_tokens import organiser_feed_token

    organiser = make_user("organiser", email="rina@example.go.id")
    invited = make_user("province_focal_point", email="baru@example.go.id", password=None, province_code="17")
    with app.app_context():
        event = make_event(slug="uji", sessions=1, start=now_utc() - timedelta(minutes=5))
        later = make_event(slug="nanti", sessions=1, start=now_utc() + timedelta(days=30))
        registration = make_registration(event, "confirmed", n=1)
        waiting = make_registration(later, "confirmed", n=2)
        db.session.commit()
        user = db.session.get(User, organiser.id)
        ids = {
            "token": registration.token, "session": event.sessions[0].id,
            "later_token": waiting.token, "later_session": later.sessions[0].id,
            "feed": organiser_feed_token(user),
            "reset": make_link_token(user, "reset"),
            "invite": make_link_token(db.session.get(User, invited.id), "invite"),
        }
    staff = app.test_client()
    assert login(staff, organiser.email).status_code == 302
    return {"ids": ids, "staff": staff}


# (who, path, status, secret URL, private answer, HTML); a private answer is `no-store`, but
# feeds behind a token, which carry an ETag: REVALIDATE (kept by their own client only, asked
# again on every poll).
REVALIDATE = "private, no-cache"
ROUTES = [
    ("anonymous", "/", 200, False, False, True),
    ("anonymous", "/events/uji", 200, False, False, True),
    ("anonymous", "/events/uji/calendar.ics", 200, False, False, False),
    ("anonymous", "/login", 200, False, False, True),
    ("anonymous", "/password/forgot", 200, False, False, True),
    ("anonymous", "/nothing-here", 404, False, False, True),
    ("anonymous", "/static/css/app.css", 200, False, False, False),
    ("anonymous", "/static/js/agency-picker.js", 200, False, False, False),
    ("anonymous", "/healthz", 200, False, False, False),
    ("anonymous", "/api/v1/events", 200, False, True, False),  # the API never lets caches keep
    ("anonymous", "/api/v1/nothing", 404, False, False, False),
    ("anonymous", "/password/reset/{reset}", 200, True, True, True),
    ("anonymous", "/password/reset/not-a-token", 400, True, True, True),
    ("anonymous", "/invite/{invite}", 200, True, True, True),
    ("anonymous", "/organiser/{feed}/calendar.ics", 200, True, REVALIDATE, False),
    ("participant", "/r/{token}", 200, True, True, True),
    ("participant", "/r/{token}/calendar.ics", 200, True, REVALIDATE, False),
    ("organiser", "/r/{token}/calendar.ics", 200, True, REVALIDATE, False),
    ("participant", "/r/not-a-token/calendar.ics", 404, True, True, True),
    ("participant", "/r/{token}/join/{session}", 303, True, True, True),
    ("participant", "/r/{later_token}/join/{later_session}", 200, True, True, True),
    ("participant", "/r/{token}/data.json", 200, True, True, False),
    ("participant", "/r/{token}/edit", 200, True, True, True),
    ("participant", "/r/{token}/cancel", 200, True, True, True),
    ("participant", "/r/not-a-token", 404, True, True, True),
    ("participant", "/r/not-a-token/no-such-page", 404, True, True, True),
    ("organiser", "/", 200, False, True, True),
    ("organiser", "/events/uji", 200, False, True, True),
    ("organiser", "/events/uji/manage", 200, False, True, True),
    ("organiser", "/events/uji/sessions/{session}/edit", 200, False, True, True),
    ("organiser", "/events/uji/registrations", 200, False, True, True),
    ("organiser", "/events/uji/registrations.xlsx", 200, False, True, False),
    ("organiser", "/users", 200, False, True, True),
    ("organiser", "/account", 200, False, True, True),
    ("organiser", "/static/css/app.css", 200, False, False, False),
]


@pytest.mark.parametrize(("who", "path", "status", "secret", "private", "html"), ROUTES,
                         ids=[f"{r[0]}:{r[1]}" for r in ROUTES])
def test_headers(client, site, who, path, status, secret, private, html):
    browser = site["staff"] if who == "organiser" else client
    response = browser.get(path.format(**site["ids"]))
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    headers = response.headers

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == ("no-referrer" if secret else STRICT)
    cache = headers.get("Cache-Control", "")
    if private == REVALIDATE:
        assert cache == REVALIDATE
    else:
        assert ("no-store" in cache) is private, cache
    assert "Strict-Transport-Security" not in headers  # BASE_URL is http:// in tests
    if html:
        csp = policy(response)
        assert csp["script-src"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'none'"]


def test_page_policy_in_full(client, site):
    csp = policy(client.get("/events/uji"))
    assert csp == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    assert not any("unsafe" in value for values in csp.values() for value in values)


def test_public_pages_and_static_files_keep_caching(client, site):
    """What anyone may see is not marked private: browsers and proxies may keep it."""
    calendar = client.get("/events/uji/calendar.ics")
    assert calendar.headers["Cache-Control"] == "public, max-age=300"
    static = client.get("/static/css/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    assert static.headers.get("ETag") or static.headers.get("Last-Modified")


def test_uploaded_files_keep_their_own_sandbox_policy(app):
    """A stored file's own CSP (sandbox, nothing loads) is not replaced by the page policy."""
    from lokakarya.core.downloads import stored_file

    with app.test_request_context("/"):
        response = stored_file(Path(__file__), "text/html", "x.html")
        response = app.process_response(response)
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/healthz", "/static/css/app.css", "/api/v1/events", "/nothing"])
def test_hsts_when_the_site_is_served_over_https(make_app, path):
    secure = make_app(BASE_URL="https://lokakarya.example.go.id").test_client()
    response = secure.get(path)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize(("given", "sent"), [
    ("private, no-cache", "private, no-cache"),  # a feed with validators: kept by its client only
    ("private", "no-store"),
    ("private, max-age=600", "no-store"),
    ("no-cache", "no-store"),
    ("public, max-age=300", "no-store"),
    ("no-store", "no-store"),
])
def test_behind_a_token_only_private_revalidation_is_kept(make_app, given, sent):
    """Of what a view may say about caching an answer behind a token, only `private, no-cache`
    stays: anything that lets a copy be reused without asking becomes `no-store`."""
    from flask import Response

    app = make_app()
    app.add_url_rule("/r/<token>/probe", "probe", lambda token: Response("x", headers={"Cache-Control": given}))
    assert app.test_client().get("/r/abc/probe").headers["Cache-Control"] == sent


def test_signed_out_browser_is_no_longer_private(site):
    staff = site["staff"]
    assert "no-store" in staff.get("/events/uji").headers["Cache-Control"]
    staff.post("/logout")
    assert "no-store" not in staff.get("/events/uji").headers.get("Cache-Control", "")
