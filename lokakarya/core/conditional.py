"""Conditional GETs: `304 Not Modified` decided from a cheap version, before the body is built.

Calendar apps poll every subscribed feed every few minutes and browsers revalidate pages; the
answer hardly ever changed. A view reads a `Version` of what its answer depends on (one
aggregate statement: timestamps, counts, statuses) and hands `conditional()` the function that
builds the full answer, which runs only when the client's copy is missing or stale:

    return conditional(freshness.personal_feed(token), build, cache_control="private, no-cache")

The ETag is a digest of the version's parts plus what every answer here depends on anyway: the
language, the settings written into bodies (BASE_URL, MAIL_FROM) and the code itself (a deploy
that changes a template or a wording changes every ETag). The same data gives the same ETag on
every worker and machine. `Last-Modified` is sent only where the version's `modified_at` moves
forward on every change that alters the answer (events/freshness and ical/freshness say
which ones do).
"""
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from flask import Response, current_app, g, request, session
from flask.typing import ResponseReturnValue
from werkzeug.http import is_resource_modified

from lokakarya.i18n import current_language
from lokakarya.timeutil import now_utc

PACKAGE_DIR = Path(__file__).resolve().parent.parent
CODE_SUFFIXES = (".py", ".po", ".html", ".txt", ".json")
# HTTP dates have whole seconds: a change later in the same second would carry the same date.
# A Last-Modified that young is left out; the ETag alone then decides.
SETTLED = timedelta(seconds=1)


@dataclass(frozen=True)
class Version:
    """Everything an answer depends on, read without building it."""

    parts: tuple
    # When what the answer shows last changed (a calendar's DTSTAMP); None for pages.
    modified_at: datetime | None = None
    # True when every change that alters the answer moves `modified_at` forward: only then is
    # it sent as Last-Modified (If-Modified-Since has nothing else to go by).
    dated: bool = True


@cache
def code_fingerprint(*folders: Path) -> str:
    """A digest of the code and templates (read once per process): the same on every machine
    that runs the same code, different after a deploy that changes them."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in CODE_SUFFIXES and p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _app_inputs() -> str:
    """What every ETag of this app includes that no request changes (kept on the app)."""
    app = current_app
    inputs = app.extensions.get("conditional_inputs")
    if inputs is None:
        templates = Path(app.root_path, app.template_folder or "templates")
        inputs = repr((code_fingerprint(PACKAGE_DIR, templates), app.config["BASE_URL"], app.config["MAIL_FROM"]))
        app.extensions["conditional_inputs"] = inputs
    return inputs


def etag_of(version: Version) -> str:
    inputs = (_app_inputs(), request.endpoint, current_language(), version.parts)
    return hashlib.sha256(repr(inputs).encode()).hexdigest()[:40]


def anonymous_page() -> bool:
    """Pages are the same for every anonymous visitor; a signed-in one gets their own (names,
    a CSRF token; answered `no-store` anyway) and a pending flash message is shown only once."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" not in session and "_flashes" not in session and remember not in request.cookies


def conditional(version: Version | None, build: Callable[[], ResponseReturnValue],
                cache_control: str | None = None) -> Response:
    """304 when the request's If-None-Match / If-Modified-Since still matches `version`, else
    `build()` with the validators. No version (an unknown or private item, a signed-in page):
    `build()` as it is, without validators."""
    if version is None:
        return current_app.make_response(build())
    etag = etag_of(version)
    last_modified = version.modified_at if version.dated else None
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response = current_app.response_class(status=304)
        del response.headers["Content-Type"]  # no body; the client keeps the stored one's headers
    else:
        response = current_app.make_response(build())
        if response.status_code != 200 or _carries_csrf_token():
            return response
    response.set_etag(etag)
    if last_modified is not None and last_modified <= now_utc() - SETTLED:
        response.last_modified = last_modified
    if cache_control:
        response.headers["Cache-Control"] = cache_control
    return response


def _carries_csrf_token() -> bool:
    """A body with a form's CSRF token is this visitor's alone (and the token expires): never
    tagged, so never answered 304 (Flask-WTF keeps the request's token in `g`)."""
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g


def latest(*instants: datetime | None) -> datetime | None:
    """The latest of the given instants (None ignored); None when there is none."""
    known = [i for i in instants if i is not None]
    return max(known) if known else None
