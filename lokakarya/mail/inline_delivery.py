"""Development convenience: deliver what a request queued right after its response is sent.

Production sets MAIL_DELIVER_INLINE=false and runs `flask mail deliver` in a worker.
"""
from flask import Flask, current_app, g


def init_app(app: Flask) -> None:
    @app.after_request
    def deliver_after_response(response):
        if g.pop("mail_queued", False) and current_app.config["MAIL_DELIVER_INLINE"]:
            flask_app = current_app._get_current_object()
            response.call_on_close(lambda: _deliver(flask_app))
        return response


def _deliver(app: Flask) -> None:
    from lokakarya.mail.delivery import deliver_due

    with app.app_context():
        try:
            deliver_due(limit=50)
        except Exception:  # delivery trouble must never reach the user; the worker retries
            app.logger.exception("inline mail delivery failed")
