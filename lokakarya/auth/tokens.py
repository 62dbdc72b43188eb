"""API bearer tokens (stored as SHA-256) and signed one-use links (reset, invitation)."""
import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from lokakarya.auth.models import ApiToken, User
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc

RESET_MAX_AGE = 60 * 60  # one hour
INVITE_MAX_AGE = 7 * 24 * 60 * 60  # a week


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(user: User, label: str = "") -> str:
    token = "lk_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=_digest(token), label=label))
    db.session.flush()
    return token


def user_for_api_token(token: str) -> User | None:
    row = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None))
    ).scalar_one_or_none()
    if row is None or not row.user.is_active:
        return None
    return row.user


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"lokakarya-{purpose}")


def _password_state(user: User) -> str:
    # Part of the signed payload: once the password changes, every older link stops working.
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:16]


def make_link_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"uid": user.id, "pw": _password_state(user)})


def read_link_token(token: str, purpose: str) -> tuple[User | None, str]:
    """The user a reset/invitation link is for, or (None, reason): 'expired' or 'invalid'."""
    max_age = INVITE_MAX_AGE if purpose == "invite" else RESET_MAX_AGE
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        return None, "expired"
    except BadSignature:
        return None, "invalid"
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.is_active or data.get("pw") != _password_state(user):
        return None, "invalid"
    return user, ""


def touch(user: User) -> None:
    user.last_login_at = now_utc()
