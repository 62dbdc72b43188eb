"""Password hashing (scrypt through Werkzeug) and the lock-out after repeated failures."""
from datetime import timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from lokakarya.auth.models import User
from lokakarya.auth.session_login import end_sessions
from lokakarya.timeutil import now_utc

MIN_LENGTH = 10
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)


def set_password(user: User, password: str) -> None:
    """A new password also ends every session signed in with the old one."""
    user.password_hash = generate_password_hash(password, method="scrypt")
    end_sessions(user)
    user.failed_logins = 0
    user.locked_until = None


def password_problem(password: str) -> str | None:
    """A reason the password is too weak, or None. Messages are translated by the caller."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if password.isdigit() or password.isalpha():
        return "too_simple"
    return None


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > now_utc()


def check_login(user: User | None, password: str) -> str:
    """'ok', 'locked' or 'bad'; counts failures and locks the account after MAX_FAILURES."""
    if user is None or not user.is_active or not user.password_hash:
        return "bad"
    if is_locked(user):
        return "locked"
    if check_password_hash(user.password_hash, password):
        user.failed_logins = 0
        user.locked_until = None
        return "ok"
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILURES:
        user.failed_logins = 0
        user.locked_until = now_utc() + LOCK_FOR
        return "locked"
    return "bad"
