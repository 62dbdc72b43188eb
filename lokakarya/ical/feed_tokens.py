"""Signed, unguessable URLs for an organiser's calendar feed (no table needed).

The signature covers the user id and a fingerprint of the password hash, so changing the
password revokes every feed URL handed out before.
"""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from lokakarya.auth.models import User
from lokakarya.extensions import db


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="lokakarya-organiser-feed")


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:12]


def organiser_feed_token(user: User) -> str:
    return _serializer().dumps([user.id, _fingerprint(user)])


def organiser_feed_url(user: User) -> str:
    return f"{current_app.config['BASE_URL']}/organiser/{organiser_feed_token(user)}/calendar.ics"


def user_for_feed_token(token: str) -> User | None:
    try:
        user_id, fingerprint = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or not user.is_staff or _fingerprint(user) != fingerprint:
        return None
    return user
