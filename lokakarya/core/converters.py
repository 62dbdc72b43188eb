"""URL converters: an id in a path is a database integer, a name in a path is text that can be
stored, or the page does not exist."""
from werkzeug.routing import IntegerConverter, UnicodeConverter

from lokakarya.core.text import FORBIDDEN_RANGES

DATABASE_INT_MAX = 2**31 - 1  # PostgreSQL's integer; larger values raise in the driver
# 0 … 2147483647 as a pattern: a larger id matches no route at all, so it is a 404 for every
# method (a value refused only in to_python lets werkzeug answer 405 for another method's rule).
DATABASE_INT_PATTERN = (r"(?:\d{1,9}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}"
                        r"|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])")


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` that answers 404 for ids no row can have, instead of a driver error (500)."""

    regex = DATABASE_INT_PATTERN

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's name)
        kwargs.setdefault("max", DATABASE_INT_MAX)
        super().__init__(map, *args, **kwargs)


class TextConverter(UnicodeConverter):
    """`<slug>`, `<code>`, `<token>` (the default converter): a segment with characters no stored
    slug, code or token has (core/text.py) answers 404, instead of reaching PostgreSQL, which
    refuses NUL with a driver error (500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's name)
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", f"[^/{FORBIDDEN_RANGES}]", 1)


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
