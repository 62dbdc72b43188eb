"""Error pages in the user's language; JSON in the API's error shape under /api/.

Werkzeug's headers travel with the answer (Allow on 405, Retry-After on 429). A database that
cannot be reached (refused or dropped connections, a full pool) answers 503 with Retry-After,
never 500: the page for it is drawn without the database (no signed-in user, no menus)."""
import math
import time

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from lokakarya.api.errors import error_response
from lokakarya.i18n import current_language

RETRY_AFTER_SECONDS = 30  # what a client (or a load balancer) waits before trying again


def _limit() -> str:
    """MAX_CONTENT_LENGTH as people read it: "25 MB", or "256 KB" below a megabyte."""
    size = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Permintaan tidak valid"), _("Data yang dikirim tidak dapat diproses.")),
        401: (_("Perlu masuk"), _("Silakan masuk terlebih dahulu.")),
        403: (_("Akses ditolak"), _("Anda tidak memiliki izin untuk membuka halaman ini.")),
        404: (_("Halaman tidak ditemukan"), _("Alamat yang Anda buka tidak ada atau sudah dipindahkan.")),
        405: (_("Metode tidak diizinkan"), _("Permintaan ini tidak didukung di alamat ini.")),
        413: (_("Berkas terlalu besar"),
              _("Kiriman (berkas dan isian bersama-sama) melebihi batas %(size)s. Perkecil berkas atau "
                "bagi menjadi beberapa unggahan.", size=_limit())),
        429: (_("Terlalu banyak permintaan"), _("Tunggu sebentar, lalu coba lagi.")),
        500: (_("Terjadi kesalahan"), _("Kesalahan di sisi kami telah dicatat. Silakan coba lagi nanti.")),
        503: (_("Layanan sedang tidak tersedia"),
              _("Basis data sedang tidak dapat dihubungi. Tidak ada yang tersimpan dari permintaan ini; "
                "coba lagi dalam beberapa saat.")),
    }


def try_again_in(seconds: int) -> str:
    """When to try again, in words (seconds below a minute, else whole minutes, rounded up)."""
    if seconds < 60:
        return _("Coba lagi dalam 1 detik.") if seconds <= 1 else _("Coba lagi dalam %(seconds)s detik.",
                                                                      seconds=seconds)
    minutes = math.ceil(seconds / 60)
    return _("Coba lagi dalam 1 menit.") if minutes == 1 else _("Coba lagi dalam %(minutes)s menit.",
                                                                minutes=minutes)


def _rate_limit_wait() -> int | None:
    """Seconds until the rate limit this request broke lets it through (Flask-Limiter's window)."""
    from lokakarya.extensions import limiter

    broken = limiter.current_limit
    return max(1, math.ceil(broken.window.reset_time - time.time())) if broken else None


def _api_messages() -> dict[int, str]:
    """The API speaks English whatever the page language (its clients are programs)."""
    return {413: f"The request body is larger than {_limit()}.",
            503: "The database cannot be reached; nothing was saved. Try again later."}


def render_error(exc: HTTPException):
    code = exc.code or 500
    title, message = _messages().get(code, (exc.name, exc.description or ""))
    # Werkzeug's own headers (Allow, Retry-After, WWW-Authenticate), not its Content-Type.
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    if code == 429 and (wait := _rate_limit_wait()):
        message = try_again_in(wait)
        headers = [(k, v) for k, v in headers if k.lower() != "retry-after"] + [("Retry-After", str(wait))]
    if request.path.startswith("/api/"):
        detail = _api_messages().get(code) or (
            message if code in (429, 500) or not exc.description else exc.description)
        body, status = error_response(code, _error_code(code), detail)
        body.headers.extend(headers)
        return body, status
    if code == 503:
        # Straight from the template: the app's context processors ask for the signed-in user.
        page = current_app.jinja_env.get_template("core/unavailable.html").render(
            code=code, title=title, message=message, path=request.path, lang=current_language())
        return page, code, headers
    return render_template("core/error.html", code=code, title=title, message=message), code, headers


def _error_code(code: int) -> str:
    return {
        400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
        405: "method_not_allowed", 413: "too_large", 429: "rate_limited", 503: "unavailable",
    }.get(code, "server_error")


def database_unavailable(exc: BaseException) -> bool:
    """Refused or dropped connections, an unopenable SQLite file, a full pool, and the other
    transient failures the driver reports as operational (deadlock, shutdown, too many clients)."""
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.TimeoutError):
        return True
    return isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        from lokakarya.core.writes import rollback_quietly

        rollback_quietly()
        if database_unavailable(exc):
            app.logger.warning("database unavailable: %s", exc.__class__.__name__)
            unavailable = ServiceUnavailable(retry_after=RETRY_AFTER_SECONDS)
            return render_error(unavailable)
        app.logger.exception("unhandled error")
        return render_error(InternalServerError())
