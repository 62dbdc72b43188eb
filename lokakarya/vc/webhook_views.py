"""Zoom webhooks (optional, ZOOM_WEBHOOK_SECRET): the URL validation handshake, and
meeting.participant_joined / participant_left as live attendance (source "live") that the pulled
report later replaces. Every request is signed: x-zm-signature = "v0=" + HMAC-SHA256(secret,
"v0:{x-zm-request-timestamp}:{raw body}"); unsigned, badly signed or stale ones are refused."""
import hashlib
import hmac
import json
import time

from flask import abort, current_app, jsonify, request

from lokakarya.extensions import csrf, db
from lokakarya.vc.blueprint import bp
from lokakarya.vc.live import record_notice

MAX_SKEW = 300  # seconds between Zoom's timestamp and ours


def signature(secret: str, timestamp: str, body: bytes) -> str:
    message = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _verified(secret: str) -> bool:
    timestamp = request.headers.get("x-zm-request-timestamp", "")
    given = request.headers.get("x-zm-signature", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW:
        return False
    return hmac.compare_digest(given, signature(secret, timestamp, request.get_data()))


@bp.post("/vc/zoom/webhook")
@csrf.exempt
def zoom_webhook():
    secret = current_app.config.get("ZOOM_WEBHOOK_SECRET") or ""
    if not secret:
        abort(404)
    if not _verified(secret):
        return jsonify(error={"code": "bad_signature", "message": "signature not valid"}), 401
    try:
        body = json.loads(request.get_data() or b"{}")
    except ValueError:
        return jsonify(error={"code": "bad_body", "message": "not JSON"}), 400
    if not isinstance(body, dict):
        return jsonify(error={"code": "bad_body", "message": "not an object"}), 400
    payload = body.get("payload") if isinstance(body.get("payload"), dict) else {}
    if body.get("event") == "endpoint.url_validation":
        plain = payload.get("plainToken")
        if not isinstance(plain, str) or not plain:
            return jsonify(error={"code": "bad_body", "message": "plainToken missing"}), 400
        encrypted = hmac.new(secret.encode(), plain.encode(), hashlib.sha256).hexdigest()
        return jsonify(plainToken=plain, encryptedToken=encrypted)
    if body.get("event") in ("meeting.participant_joined", "meeting.participant_left"):
        record_notice(body["event"].rsplit("_", 1)[-1], payload.get("object") or {})
        db.session.commit()
    return "", 204
