"""JSON API under /api/v1: bearer tokens, errors as {"error": {code, message, fields}}.

Each feature keeps its endpoints in its own `api.py`, attached to this blueprint by
`lokakarya.api.routes`, and its part of the OpenAPI document in `openapi.json` beside it.
"""
from flask import Blueprint

from lokakarya.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, not cookies: nothing for a forged form to ride on
