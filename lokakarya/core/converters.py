"""URL converters: an id in a path is a database integer, a name in a path is text that can be
stored, or the page does not exist."""
from werkzeug.routing import IntegerConverter, UnicodeConverter

DATABASE_INT_MAX = 2**31 - 1  # PostgreSQL's integer; larger values raise in the driver


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` that answers 404 for ids no row can have, instead of a driver error (500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's name)
        kwargs.setdefault("max", DATABASE_INT_MAX)
        super().__init__(map, *args, **kwargs)


class TextConverter(UnicodeConverter):
    """`<slug>`, `<code>`, `<token>` (the default converter): a segment with characters no stored
    slug, code or token has (core/text.py) answers 404, instead of reaching PostgreSQL, which
    refuses NUL with a driver error (500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's name)
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", 1)


def database_id(value) -> int | None:
    """An id sent in a form, a query string or a file: ASCII digits within the database's integer,
    else None (int() would take '٣' as 3, choke on '²', and the driver on 99999999999)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= DATABASE_INT_MAX else None
    text = value.strip() if isinstance(value, str) else ""
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        return None
    number = int(text)
    return number if number <= DATABASE_INT_MAX else None
