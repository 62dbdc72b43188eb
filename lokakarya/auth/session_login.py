from flask import Flask
from flask_babel import lazy_gettext as _l

from lokakarya.auth.models import User
from lokakarya.core.converters import database_id
from lokakarya.extensions import db, login_manager


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        user = db.session.get(User, database_id(user_id)) if database_id(user_id) else None
        # A deactivated account loses its open sessions too, not only future sign-ins.
        return user if user is not None and user.is_active else None
