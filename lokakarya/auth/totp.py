"""Authenticator apps (TOTP, RFC 6238, through pyotp) and one-use recovery codes.

A code is accepted within one 30-second step either side of the server's clock and only once:
the last accepted step is stored per user and moved forward by a conditional UPDATE, so two
requests racing with the same code cannot both succeed (on any worker).
"""
import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno
from sqlalchemy import or_, update

from lokakarya.auth.models import RecoveryCode, User
from lokakarya.extensions import db
from lokakarya.timeutil import now_utc

ISSUER = "Lokakarya"
WINDOW = 1  # steps either side of now (authenticator clocks drift; codes are typed slowly)
RECOVERY_CODES = 10
# No 0/o, 1/l/i: codes are read off paper. 31 symbols × 12 = 59 bits each.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 12


def new_secret() -> str:
    return pyotp.random_base32()  # 32 base32 characters: 160 bits, as RFC 4226 recommends


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (the page policy allows data: images, not inline SVG styles)."""
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


def grouped(secret: str) -> str:
    """The secret as people type it from the screen: groups of four."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _digits(code: str) -> str | None:
    code = re.sub(r"[\s-]", "", code or "")
    return code if len(code) == 6 and code.isascii() and code.isdigit() else None


def matching_step(secret: str, code: str, now: float, last_step: int | None) -> int | None:
    """The time step (within WINDOW of `now`) whose code this is and that is later than
    `last_step`, or None."""
    code = _digits(code)
    if code is None:
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // totp.interval)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue  # that code (or an older one) was used already
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_code(user: User, code: str) -> bool:
    """Whether `code` is a current, unused code of the user's app; if so it is used up."""
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code, time.time(), user.totp_last_step)
    if step is None:
        return False
    moved = db.session.execute(
        update(User).where(User.id == user.id,
                           or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)
    ).rowcount
    if moved:
        user.totp_last_step = step
        db.session.flush()
    return bool(moved)


def enable(user: User, secret: str, step: int) -> list[str]:
    """Turn the app on (its set-up code was for `step`); the new recovery codes, to show once."""
    user.totp_secret = secret
    user.totp_last_step = step
    return new_recovery_codes(user)


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


# --- recovery codes ------------------------------------------------------------------------

def _normal(code: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (code or "").lower())


def _hash(code: str) -> str:
    # Plain SHA-256 is enough: the codes are random (59 bits), not chosen by people.
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; the new ones are returned to be shown once."""
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, RECOVERY_LENGTH, 4)))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Whether `code` is an unused recovery code of the user; if so it is used up (once, even
    when two requests race with it)."""
    if len(_normal(code)) != RECOVERY_LENGTH:
        return False
    used = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code),
                                   RecoveryCode.used_at.is_(None))
        .values(used_at=now_utc()).execution_options(synchronize_session=False)
    ).rowcount
    return used == 1


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0
