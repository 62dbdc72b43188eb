"""Lokakarya: virtual workshops for Indonesian government bodies."""
import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    instance_path = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from lokakarya import config as settings

    app.config.from_mapping(settings.from_environment(instance_path))
    if config:
        app.config.from_mapping(config)

    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    from lokakarya.core import errors, templating

    errors.init_app(app)
    templating.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from lokakarya import models  # noqa: F401  (one metadata for Alembic)
    from lokakarya.extensions import babel, csrf, db, limiter, login_manager, migrate
    from lokakarya.i18n import FeatureCatalogues, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance = FeatureCatalogues()
    limiter.init_app(app)
    from lokakarya.auth import session_login
    from lokakarya.mail import inline_delivery

    session_login.init_app(app)
    inline_delivery.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from lokakarya.agencies.views import bp as agencies_bp
    from lokakarya.api import bp as api_bp
    from lokakarya.api import routes as _api_routes  # noqa: F401  (attaches feature routes)
    from lokakarya.auth.views import bp as auth_bp
    from lokakarya.core.views import bp as core_bp
    from lokakarya.events.views import bp as events_bp

    for blueprint in (core_bp, events_bp, auth_bp, agencies_bp, api_bp):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from lokakarya.auth.cli import users_cli
    from lokakarya.demo.cli import seed_demo
    from lokakarya.i18n_cli import i18n_cli
    from lokakarya.mail.cli import mail_cli

    for command in (users_cli, mail_cli, seed_demo, i18n_cli):
        app.cli.add_command(command)
