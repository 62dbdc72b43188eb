"""The request every view sees, and how its body reaches it."""
import io

from flask import Request as FlaskRequest
from werkzeug.utils import cached_property

from lokakarya.core.text import has_forbidden_characters


class Request(FlaskRequest):
    @cached_property
    def args(self):
        """The query string without the parameters whose name or value carries characters that
        input may not carry (core/text.py): such a filter is ignored, as an unknown one is,
        instead of reaching PostgreSQL, which refuses NUL with a driver error (500)."""
        parsed = super().args  # werkzeug's parse (its cached value is replaced by this one)
        if self.path.startswith("/api/"):
            return parsed  # the API refuses them with 422 naming the field (api/validation.py)
        return self.parameter_storage_class(
            (key, value) for key, value in parsed.items(multi=True)
            if not has_forbidden_characters(key) and not has_forbidden_characters(value))


class StreamedBodyLimit:
    """WSGI middleware: a body sent without Content-Length (chunked) is read here up to
    MAX_CONTENT_LENGTH + 1 bytes and handed on with its length declared. Werkzeug refuses a
    declared length over the limit with 413, but silently cuts a streamed body at the limit
    (a form or upload would arrive truncated); declared, both take the same 413 path."""

    def __init__(self, wsgi_app, flask_app):
        self.wsgi_app, self.flask_app = wsgi_app, flask_app

    def __call__(self, environ, start_response):
        limit = self.flask_app.config.get("MAX_CONTENT_LENGTH")
        if limit and not environ.get("CONTENT_LENGTH") and environ.get("wsgi.input_terminated"):
            body = environ["wsgi.input"].read(limit + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)  # werkzeug ignores a length beside "chunked"
        return self.wsgi_app(environ, start_response)
