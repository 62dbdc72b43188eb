"""Password hashing (scrypt through Werkzeug) and the strength rule. Repeated failures are
slowed down per account and address by auth/throttle.py, never by locking the account."""
from werkzeug.security import check_password_hash, generate_password_hash

from lokakarya.auth.models import User
from lokakarya.auth.session_login import end_sessions

MIN_LENGTH = 10
# Compared against when there is no account (or no password yet), so a wrong address takes as
# long to refuse as a wrong password: the time of the answer does not tell who has an account.
_NO_ACCOUNT_HASH = generate_password_hash("no account has this password", method="scrypt")


def set_password(user: User, password: str) -> None:
    """A new password also ends every session signed in with the old one."""
    user.password_hash = generate_password_hash(password, method="scrypt")
    end_sessions(user)


def password_problem(password: str) -> str | None:
    """A reason the password is too weak, or None. Messages are translated by the caller."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if password.isdigit() or password.isalpha():
        return "too_simple"
    return None


def check_login(user: User | None, password: str) -> bool:
    """Whether this is an active account with this password."""
    if user is None or not user.is_active or not user.password_hash:
        check_password_hash(_NO_ACCOUNT_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)
