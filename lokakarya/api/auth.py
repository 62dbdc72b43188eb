"""Bearer-token authentication for the API."""
from collections.abc import Callable
from functools import wraps

from flask import g, request

from lokakarya.api.errors import ApiError
from lokakarya.auth.models import User
from lokakarya.auth.tokens import user_for_api_token


def current_api_user() -> User | None:
    """The token's user, or None when no Authorization header was sent (anonymous)."""
    if "api_user" in g:
        return g.api_user
    header = request.headers.get("Authorization", "")
    user = None
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "unauthorized", "Use 'Authorization: Bearer <token>'.")
        user = user_for_api_token(token.strip())
        if user is None:
            raise ApiError(401, "unauthorized", "The token is unknown, revoked or its user is inactive.")
    g.api_user = user
    return user


def token_required(*roles: str) -> Callable:
    """Require a valid bearer token; with roles, require one of them (admin always passes)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = current_api_user()
            if user is None:
                raise ApiError(401, "unauthorized", "A bearer token is required.")
            if roles and user.role not in roles and user.role != "admin":
                raise ApiError(403, "forbidden", "Your role may not use this endpoint.")
            return view(*args, **kwargs)

        return wrapper

    return decorator
