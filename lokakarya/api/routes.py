"""The API blueprint's error handling and headers (features attach endpoints in create_app)."""
from flask import g, request

from lokakarya.api import bp, openapi  # noqa: F401
from lokakarya.api.auth import current_api_user
from lokakarya.api.body import check_query
from lokakarya.api.errors import ApiError, error_response


@bp.before_request
def _authenticate():
    # A token that was sent must be valid, also on endpoints open to anonymous readers.
    if request.headers.get("Authorization"):
        current_api_user()


@bp.before_request
def _check_query():
    # Every documented query parameter, before any view reads it (see api/validation.py).
    check_query()


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, exc.fields)


@bp.after_request
def _no_store(response):
    # API answers may carry personal data: never cache them in shared caches.
    response.headers.setdefault("Cache-Control", "no-store")
    # `g` lives as long as the app context, which a caller may keep across requests (tests,
    # scripts): the token's user must not carry over to the next request.
    g.pop("api_user", None)
    return response
