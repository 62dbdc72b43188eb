from flask import Flask
from flask_babel import lazy_gettext as _l

from lokakarya.auth.models import User
from lokakarya.core.converters import database_id
from lokakarya.extensions import db, login_manager


def end_sessions(user: User) -> None:
    """Every session signed in before this (cookies copied elsewhere included) stops working."""
    user.session_version = (user.session_version or 0) + 1  # None before a new user's insert


def user_for_session(session_id: str) -> User | None:
    """The user of a session id "id:version" (User.get_id) while that version is current."""
    user_id, _, version = session_id.partition(":")
    user_id, version = database_id(user_id), database_id(version)
    if user_id is None or version is None:
        return None  # also a session from before versions existed: sign in again
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version:
        return None
    # A deactivated account loses its open sessions too, not only future sign-ins.
    return user if user.is_active else None


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.session_protection = "strong"
    login_manager.user_loader(user_for_session)
