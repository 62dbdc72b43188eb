from flask import Blueprint, jsonify, redirect, request, session, url_for
from sqlalchemy import text

from lokakarya.core.redirects import safe_target
from lokakarya.extensions import db
from lokakarya.i18n import LANGUAGES

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # report, never raise: a load balancer reads this
        return jsonify(status="error", database=f"error: {type(exc).__name__}"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_target(request.args.get("next"), url_for("events.index")))
