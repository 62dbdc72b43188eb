"""The request every view sees."""
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
        return self.parameter_storage_class(
            (key, value) for key, value in parsed.items(multi=True)
            if not has_forbidden_characters(key) and not has_forbidden_characters(value))
