from flask import Blueprint, jsonify, redirect, request, session, url_for
from sqlalchemy import text

from lokakarya.core.redirects import safe_target
from lokakarya.extensions import db
from lokakarya.i18n import LANGUAGES
from lokakarya.worker.health import stalled, worker_status

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # report, never raise: a load balancer reads this
        return jsonify(status="error", database=f"error: {type(exc).__name__}"), 503
    try:
        worker = worker_status()
    except Exception as exc:  # the database answers but the worker's tables do not (not migrated)
        worker = {"error": type(exc).__name__}
    return jsonify(status="ok", database="ok", worker=worker)


@bp.get("/healthz/worker")
def healthz_worker():
    """503 when mail is waiting and no worker has beaten lately (or the database is down), for
    a monitor of the background work; /healthz itself stays about serving requests."""
    try:
        worker = worker_status()
    except Exception as exc:
        return jsonify(status="error", database=f"error: {type(exc).__name__}"), 503
    if stalled(worker):
        return jsonify(status="stalled", **worker), 503
    return jsonify(status="ok", **worker)


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_target(request.args.get("next"), url_for("events.index")))


@bp.get("/favicon.ico")
def favicon():
    """Browsers that ask for /favicon.ico (pages link the icon) get the versioned SVG."""
    response = redirect(url_for("static", filename="favicon.svg"), code=301)
    response.headers["Cache-Control"] = "max-age=86400, public"
    return response
