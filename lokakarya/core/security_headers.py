"""Security headers on every answer: one after_request, so no view has to remember them.

- every answer: `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (browsers without
  CSP `frame-ancestors`), HSTS when BASE_URL is https;
- HTML: the page policy below, unless the view set its own (uploaded files: sandbox);
- URLs that carry a secret (every route with a `<token>` argument, and anything under the
  same prefixes, 404s included): `Referrer-Policy: no-referrer` and `Cache-Control: no-store`;
  elsewhere `strict-origin-when-cross-origin`;
- answers to a signed-in browser are private (names, meeting links, passcodes, personal data):
  `no-store`, but for static files. Anonymous public pages and static files keep caching.
- the one exception to both: a view that answers `private, no-cache` (REVALIDATE_PRIVATELY)
  keeps it. Calendar feeds behind a token do, with an ETag (core/conditional): `no-store`
  forbids keeping the copy a client would revalidate, so every poll of 20,000 subscribed
  calendars would be a full answer; `private` still keeps them out of shared caches and
  `no-cache` makes the client ask every time.
"""
from flask import Flask, Response, current_app, request, session

PAGE_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",  # no inline script or handler: templates load static/js/*.js
    "style-src 'self'",  # no inline style either: static/css/*.css
    "img-src 'self' data:",  # Pico draws select arrows and checkboxes as SVG data URIs
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    # Every form posts here and is answered with a page or a redirect here (joining a meeting
    # is a link, not a form), so 'self' holds also where Chromium checks redirects.
    "form-action 'self'",
))
HSTS = "max-age=31536000; includeSubDomains"
SECRET_ARGUMENT = "token"  # noqa: S105  (the name of a route argument, not a secret)
REVALIDATE_PRIVATELY = "private, no-cache"


def init_app(app: Flask) -> None:
    # Prefixes of the routes whose URL carries a token ('/r/', '/invite/', '/password/reset/',
    # '/organiser/'), read from the routes themselves so a new token route is covered too.
    prefixes = tuple(sorted({rule.rule.split(f"<{SECRET_ARGUMENT}>")[0]
                             for rule in app.url_map.iter_rules() if SECRET_ARGUMENT in rule.arguments}))
    app.extensions["secret_url_prefixes"] = prefixes
    app.after_request(add_security_headers)


def static_file_headers(headers, https: bool | None = None) -> None:
    """The headers every answer gets; also set on the static files WhiteNoise serves before
    the request reaches Flask (core/assets)."""
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = headers.get("Referrer-Policy") or "strict-origin-when-cross-origin"
    if https:
        headers["Strict-Transport-Security"] = HSTS


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    if current_app.config["BASE_URL"].startswith("https://"):
        headers["Strict-Transport-Security"] = HSTS
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", PAGE_POLICY)

    secret = request.path.startswith(current_app.extensions["secret_url_prefixes"])
    if secret:
        headers["Referrer-Policy"] = "no-referrer"
    else:
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if secret or _signed_in():
        cache_control = headers.get("Cache-Control", "")
        if "no-store" not in cache_control and cache_control != REVALIDATE_PRIVATELY:
            headers["Cache-Control"] = "no-store"
    return response


def _signed_in() -> bool:
    # Read from the session cookie rather than current_user: no database query here (an
    # error page when the database is down must still get its headers). Static files are
    # the same for everyone and stay cacheable.
    return request.endpoint != "static" and session.get("_user_id") is not None
