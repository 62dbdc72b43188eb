"""Turning "not found" into the right answer: a 404 page, or the API's 404 error."""
from typing import TypeVar

from flask import abort

from lokakarya.api.errors import ApiError

T = TypeVar("T")


def or_404(value: T | None) -> T:
    """Pages: the value, or the 404 page."""
    if value is None:
        abort(404)
    return value


def or_api_404(value: T | None, message: str = "No event with this slug.") -> T:
    """API: the value, or {"error": {"code": "not_found", …}} with 404."""
    if value is None:
        raise ApiError(404, "not_found", message)
    return value
