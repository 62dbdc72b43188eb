"""Absolute links for e-mails and calendars, from BASE_URL (the address users reach)."""
from flask import current_app, has_request_context, url_for


def absolute_url(endpoint: str, **values) -> str:
    """An absolute link to a route; works in requests and in CLI commands alike."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"] + path
