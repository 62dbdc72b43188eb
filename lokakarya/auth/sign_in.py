"""How a sign-in ends, whatever the method: the audit entry, the last-login time, the session.

Every method (password, single sign-on, second factors) records its outcome here, so the audit
log answers "who signed in, how, from where, and who failed" in one place.
"""
from flask import session
from flask_limiter.util import get_remote_address
from flask_login import login_user

from lokakarya.audit.models import AuditEntry
from lokakarya.auth.models import User
from lokakarya.auth.tokens import touch
from lokakarya.extensions import db

# method: password, sso, totp, passkey, recovery_code; outcome: success, failure (a wrong
# credential), refused (throttled, inactive account, no role, second factor missing).
OUTCOMES = ("success", "failure", "refused")
SIGNED_IN_WITH = "signed_in_with"  # the session remembers the method it was signed in with


def record_sign_in(method: str, outcome: str, user: User | None = None, email: str = "",
                   reason: str = "") -> None:
    """Add the attempt to the audit log (the caller commits, also when it answers with an error)."""
    assert outcome in OUTCOMES
    details = {"method": method, "address": get_remote_address()}
    if reason:
        details["reason"] = reason
    db.session.add(AuditEntry(
        actor_id=user.id if user is not None else None,
        actor_label=(user.email if user is not None else (email or "").strip().lower()[:254]),
        action=f"auth.sign_in_{outcome}",
        object_type="User",
        object_id=str(user.id) if user is not None else "",
        after=details,
    ))


def finish_sign_in(user: User, method: str) -> None:
    """The user is who they say: record it and start the session (the caller commits)."""
    touch(user)
    record_sign_in(method, "success", user)
    login_user(user)
    session[SIGNED_IN_WITH] = method  # SECOND_FACTOR_REQUIRED holds for password sign-ins only
