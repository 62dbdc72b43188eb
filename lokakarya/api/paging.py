"""The API's one paging convention for long lists: `?limit=&offset=` (default 100, at most 500),
answered with `meta: {total, limit, offset}` beside `data`. The OpenAPI document declares both
parameters with their range, so a value outside it is refused before the view runs."""
from flask import request

from lokakarya.api.errors import validation_error

DEFAULT_LIMIT, MAX_LIMIT = 100, 500


def limit_offset() -> tuple[int, int]:
    try:
        limit = min(max(int(request.args.get("limit", DEFAULT_LIMIT)), 1), MAX_LIMIT)
        offset = max(int(request.args.get("offset", 0)), 0)
    except ValueError:
        raise validation_error({"limit": "limit and offset are whole numbers."}) from None
    return limit, offset


def meta(total: int, limit: int, offset: int) -> dict[str, int]:
    return {"total": total, "limit": limit, "offset": offset}
