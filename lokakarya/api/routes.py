"""Attach every feature's API endpoints to the /api/v1 blueprint (import for side effects)."""
from flask import g

from lokakarya.agencies import api as _agencies  # noqa: F401
from lokakarya.api import bp, openapi  # noqa: F401
from lokakarya.api.errors import ApiError, error_response
from lokakarya.regions import api as _regions  # noqa: F401


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, exc.fields)


@bp.after_request
def _no_store(response):
    # API answers may carry personal data: never cache them in shared caches.
    response.headers.setdefault("Cache-Control", "no-store")
    g.pop("api_user", None)
    return response
