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

    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    from lokakarya.core.converters import DatabaseIntConverter, TextConverter
    from lokakarya.core.request import Request, StreamedBodyLimit

    app.request_class = Request
    app.wsgi_app = StreamedBodyLimit(app.wsgi_app, app)
    app.url_map.converters["int"] = DatabaseIntConverter  # before any route is added
    app.url_map.converters["default"] = app.url_map.converters["string"] = TextConverter
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    from lokakarya.core import assets, compression, errors, security_headers, templating

    errors.init_app(app)
    templating.init_app(app)
    security_headers.init_app(app)
    compression.init_app(app)
    assets.init_app(app)
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
    from lokakarya.auth import oidc, second_factor, session_login
    from lokakarya.mail import inline_delivery

    oidc.init_app(app)  # refuses settings that cannot work (PASSWORD_SIGN_IN=false without SSO)
    session_login.init_app(app)
    second_factor.init_app(app)
    inline_delivery.init_app(app)


# Every feature folder that serves pages has `views.bp`; API endpoints live in `<feature>/api.py`.
FEATURES_WITH_PAGES = (
    "core", "home", "events", "auth", "agencies", "registration", "ical", "attendance", "certificates",
    "followup", "reminders", "materials", "evaluation", "mail", "vc",
)
FEATURES_WITH_API = (
    "regions", "agencies", "events", "registration", "ical", "attendance", "certificates",
    "followup", "reminders", "materials", "evaluation",
)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    from lokakarya.api import bp as api_bp
    from lokakarya.api import routes  # noqa: F401  (error handler, OpenAPI document)

    for feature in FEATURES_WITH_API:
        import_module(f"lokakarya.{feature}.api")
    for feature in FEATURES_WITH_PAGES:
        app.register_blueprint(import_module(f"lokakarya.{feature}.views").bp)
    app.register_blueprint(api_bp)


def _register_cli(app: Flask) -> None:
    from lokakarya.auth.cli import users_cli
    from lokakarya.demo.cli import seed_demo
    from lokakarya.followup.cli import followup_cli
    from lokakarya.i18n_cli import i18n_cli
    from lokakarya.mail.cli import mail_cli
    from lokakarya.registration.cli import privacy_cli
    from lokakarya.reminders.cli import reminders_cli
    from lokakarya.vc.cli import attendance_cli, vc_cli
    from lokakarya.worker.cli import worker_command

    for command in (users_cli, mail_cli, seed_demo, i18n_cli, privacy_cli, followup_cli,
                    reminders_cli, worker_command, vc_cli, attendance_cli):
        app.cli.add_command(command)
