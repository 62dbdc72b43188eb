"""Error pages in the user's language; JSON in the API's error shape under /api/."""
import math
import time

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from lokakarya.api.errors import error_response


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Permintaan tidak valid"), _("Data yang dikirim tidak dapat diproses.")),
        401: (_("Perlu masuk"), _("Silakan masuk terlebih dahulu.")),
        403: (_("Akses ditolak"), _("Anda tidak memiliki izin untuk membuka halaman ini.")),
        404: (_("Halaman tidak ditemukan"), _("Alamat yang Anda buka tidak ada atau sudah dipindahkan.")),
        405: (_("Metode tidak diizinkan"), _("Permintaan ini tidak didukung di alamat ini.")),
        413: (_("Berkas terlalu besar"), _("Ukuran berkas melebihi batas yang diizinkan.")),
        429: (_("Terlalu banyak permintaan"), _("Tunggu sebentar, lalu coba lagi.")),
        500: (_("Terjadi kesalahan"), _("Kesalahan di sisi kami telah dicatat. Silakan coba lagi nanti.")),
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


def render_error(exc: HTTPException):
    code = exc.code or 500
    title, message = _messages().get(code, (exc.name, exc.description or ""))
    headers = {}
    if code == 429 and (wait := _rate_limit_wait()):
        message, headers["Retry-After"] = try_again_in(wait), str(wait)
    if request.path.startswith("/api/"):
        detail = message if code in (429, 500) or not exc.description else exc.description
        body, status = error_response(code, _error_code(code), detail)
        return body, status, headers
    return render_template("core/error.html", code=code, title=title, message=message), code, headers


def _error_code(code: int) -> str:
    return {
        400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
        405: "method_not_allowed", 413: "too_large", 429: "rate_limited",
    }.get(code, "server_error")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        from lokakarya.extensions import db

        db.session.rollback()
        return render_error(InternalServerError())
