"""URL converters: an id in a path is a database integer, or the page does not exist."""
from werkzeug.routing import IntegerConverter

DATABASE_INT_MAX = 2**31 - 1  # PostgreSQL's integer; larger values raise in the driver


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` that answers 404 for ids no row can have, instead of a driver error (500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's name)
        kwargs.setdefault("max", DATABASE_INT_MAX)
        super().__init__(map, *args, **kwargs)
