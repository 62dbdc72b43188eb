"""Template filters and globals: dates with zone labels in the current language, navigation."""
from flask import Flask, has_request_context, request
from flask_login import current_user

from lokakarya.core import formatting
from lokakarya.i18n import LANGUAGES, current_language
from lokakarya.timeutil import zone_label

# Features whose optional templates/<feature>/_nav.html adds links to the navigation bar.
NAV_FEATURES = ("home", "events", "registration", "attendance", "certificates", "reminders", "materials",
                "evaluation", "followup")


def init_app(app: Flask) -> None:
    def lang() -> str:
        return current_language()

    app.jinja_env.filters.update(
        time_tz=lambda dt, tz, viewer_tz=None: formatting.fmt_time_dual(dt, tz, viewer_tz, lang()),
        date_tz=lambda dt, tz=None: formatting.fmt_date(dt, tz, lang()),
        datetime_tz=lambda dt, tz: formatting.fmt_datetime(dt, tz, lang()),
        time_range_tz=lambda a, b, tz: formatting.fmt_time_range(a, b, tz, lang()),
        period_tz=lambda a, b, tz: formatting.fmt_period(a, b, tz, lang()),
        zone_label=zone_label,
    )

    @app.context_processor
    def globals_():
        return {
            "current_language": lang(),
            "languages": LANGUAGES,
            "current_path": request.full_path.rstrip("?") if request else "/",
            # Mails rendered by CLI commands have no request and no signed-in user.
            "is_staff": has_request_context() and current_user.is_authenticated and current_user.is_staff,
            "view_functions": app.view_functions,
            "nav_features": NAV_FEATURES,
        }
