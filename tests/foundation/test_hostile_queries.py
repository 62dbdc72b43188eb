"""Every page (and download) asked for with hostile query strings and path segments: an unknown
filter is ignored or refused, an id beyond the database's integer finds nothing, a path segment
with characters no slug, code or token has is not found. Never a server error."""
import pytest

from lokakarya.demo.seed import SLUG
from tests.foundation.hostile_world import HOSTILE, sign_in

# Every query parameter a page reads (grep 'args.get' in lokakarya/).
PARAMETERS = ("agency_id", "agency_kind", "event", "kind", "lang", "limit", "live", "next", "offset",
              "overdue", "page", "pending", "province", "province_code", "province_group", "q", "rev",
              "session", "status", "year", "agency")


def page_urls(app, world) -> list[str]:
    """Every GET route outside the API, its path filled with the world's real values."""
    values = {"slug": SLUG, "token": world["token"], "code": "17", "fmt": "xlsx", "ext": "csv",
              "session_id": world["session"], "agency_id": world["agency"], "item_id": world["item"],
              "issue_id": world["issue"], "registration_id": world["demo_registration"]}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.startswith(("api.", "static")):
            continue
        args = {name: values.get(name, 1) for name in rule.arguments}
        if rule.endpoint in ("core.set_language",):
            args["code"] = "en"
        with app.test_request_context():
            from flask import url_for

            urls.append(url_for(rule.endpoint, **args))
    return sorted(set(urls))


LABELS = ("nul", "long", "int_overflow", "superscript")
SEGMENTS = ("a\x00b", "\x01", "x" * 3_000, "%ff", "٣", "99999999999")


@pytest.mark.parametrize("who", ["organiser", "province", "anonymous"])
def test_hostile_query_strings_never_give_a_server_error(app, client, world, who):
    sign_in(client, who, world)
    failed = []
    for label in LABELS:
        value = HOSTILE[label] if label != "long" else "x" * 5_000
        for url in page_urls(app, world):
            response = client.get(url, query_string={name: value for name in PARAMETERS})
            if response.status_code >= 500:
                failed.append((url, label, response.status_code))
    assert failed == []


def test_hostile_path_segments_are_not_found(app, client, world):
    sign_in(client, "organiser", world)
    failed = []
    for segment in SEGMENTS:
        for url in page_urls(app, world):
            for real in (SLUG, world["token"], "/17", f"/{world['session']}"):
                if real in url:
                    hostile = url.replace(real, ("/" if real.startswith("/") else "") + segment, 1)
                    response = client.get(hostile)
                    if response.status_code >= 500:
                        failed.append((hostile[:80], response.status_code))
    assert failed == []
    assert client.get("/events/a\x00b").status_code == 404
