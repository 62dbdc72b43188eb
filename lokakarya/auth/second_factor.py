"""The second step of a password sign-in, and the rule that some roles must have one.

After a right password, an account with a second factor (authenticator app or passkey) is not
signed in yet: the session remembers, signed and for five minutes, that the password was right,
and only the second step (auth/second_factor_views.py) calls finish_sign_in.

SECOND_FACTOR_REQUIRED (environment only, so a stolen admin account cannot switch it off) names
the roles that must have a second factor when they sign in with a password (single sign-on is
outside it). A user of such a role without one who signs in with
the password is taken to /account to set one up, and every other page sends them back there
until it is done: never locked out, never past it.
"""
from flask import Flask, current_app, redirect, request, session, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from lokakarya.auth.models import ROLES, Passkey, User
from lokakarya.auth.sign_in import SIGNED_IN_WITH
from lokakarya.extensions import db

PENDING_KEY = "second_factor"
PENDING_SECONDS = 5 * 60
# What a user who must set up a second factor may still open.
WHILE_SETTING_UP = {
    "auth.account", "auth.totp_setup", "auth.totp_confirm", "auth.add_passkey", "auth.change_password",
    "auth.logout", "core.set_language", "static",
}


def required_roles(value) -> tuple[str, ...]:
    """SECOND_FACTOR_REQUIRED ("admin,organiser", or a list) as roles; an unknown role stops the
    start-up with a message naming it."""
    names = value.split(",") if isinstance(value, str) else list(value or ())
    roles = tuple(dict.fromkeys(n.strip().lower() for n in names if n and n.strip()))
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValueError(f"SECOND_FACTOR_REQUIRED: unknown role {', '.join(map(repr, unknown))}; "
                         f"use a comma-separated list of {', '.join(ROLES)}")
    return roles


def has_passkey(user: User) -> bool:
    return db.session.scalar(db.select(db.exists().where(Passkey.user_id == user.id))) or False


def has_second_factor(user: User) -> bool:
    return bool(user.totp_secret) or has_passkey(user)


def must_set_up(user: User) -> bool:
    return user.role in current_app.config["SECOND_FACTOR_REQUIRED"] and not has_second_factor(user)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lokakarya-second-factor")


def remember_password_ok(user: User, target: str) -> None:
    """The password was right: the second step may finish this sign-in within five minutes."""
    session[PENDING_KEY] = _serializer().dumps(
        {"uid": user.id, "sv": user.session_version, "next": target})


def pending() -> tuple[User | None, str]:
    """(the user whose password was right, where to go afterwards), or (None, "")."""
    try:
        data = _serializer().loads(session.get(PENDING_KEY, ""), max_age=PENDING_SECONDS)
    except BadSignature:  # SignatureExpired included
        return None, ""
    user = db.session.get(User, data.get("uid")) if isinstance(data.get("uid"), int) else None
    # A new password or a sign-out everywhere (session_version) ends the half-done sign-in too.
    if user is None or not user.is_active or user.session_version != data.get("sv"):
        return None, ""
    return user, data.get("next") or ""


def forget_pending() -> None:
    session.pop(PENDING_KEY, None)


def init_app(app: Flask) -> None:
    app.config["SECOND_FACTOR_REQUIRED"] = required_roles(app.config.get("SECOND_FACTOR_REQUIRED", ""))
    app.before_request(_send_to_set_up)


def _send_to_set_up():
    if not current_app.config["SECOND_FACTOR_REQUIRED"] or request.endpoint in WHILE_SETTING_UP \
            or request.blueprint == "api" or not current_user.is_authenticated:
        return None
    # The rule is for password sign-ins; single sign-on brings its own (the identity provider's).
    # Sessions from before the method was remembered were all password sign-ins.
    if session.get(SIGNED_IN_WITH, "password") != "password":
        return None
    if must_set_up(current_user):
        return redirect(url_for("auth.account"))
    return None
