"""Passkeys (WebAuthn, through py_webauthn): registering one on /account, and signing in with
one, either instead of the password (a discoverable credential) or as the second step after it.

The relying party is the host of BASE_URL, the expected origin its scheme and host (WebAuthn
refuses IP addresses as RP ID: serve the app under a name, e.g. http://localhost:5000).
The ceremony's challenge travels in a signed, five-minute form field (no server state, and a
GET writes nothing); it is good once: the first answer that uses it marks it used in the rate
limiter's storage (Redis when REDIS_URL is set), so a captured answer cannot be replayed.
"""
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, parse_authentication_credential_json
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from lokakarya.auth.models import Passkey, User
from lokakarya.auth.throttle import FALLBACK
from lokakarya.extensions import db, limiter
from lokakarya.timeutil import now_utc

RP_NAME = "Lokakarya"
CEREMONY_SECONDS = 5 * 60
TIMEOUT_MS = 2 * 60 * 1000
TRANSPORTS = {t.value for t in AuthenticatorTransport}


class PasskeyError(ValueError):
    """The browser's answer does not prove what it should (the reason is for the log only)."""


@dataclass
class Ceremony:
    options: str  # JSON for navigator.credentials.create/get (base64url, as options_to_json gives it)
    state: str  # signed: the challenge (and the user, if any), for the answer's form


def relying_party() -> tuple[str, str]:
    """(RP ID, expected origin) from BASE_URL."""
    parts = urlsplit(current_app.config["BASE_URL"])
    return parts.hostname or "localhost", f"{parts.scheme}://{parts.netloc}"


def user_handle(user: User) -> bytes:
    return f"lokakarya-user-{user.id}".encode()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lokakarya-passkey")


def _state(purpose: str, challenge: bytes, user: User | None) -> str:
    return _serializer().dumps({"p": purpose, "c": bytes_to_base64url(challenge),
                                "u": user.id if user is not None else None})


def _challenge(state: str, purpose: str, user: User | None) -> bytes:
    try:
        data = _serializer().loads(state or "", max_age=CEREMONY_SECONDS)
    except BadSignature as exc:  # SignatureExpired included
        raise PasskeyError("state expired or invalid") from exc
    if not isinstance(data, dict) or data.get("p") != purpose or \
            data.get("u") != (user.id if user is not None else None):
        raise PasskeyError("state of another ceremony")
    challenge = data.get("c") or ""
    if not _first_use(challenge):
        raise PasskeyError("challenge used already")
    return base64url_to_bytes(challenge)


def _first_use(challenge: str) -> bool:
    key = f"passkey-challenge/{challenge[:64]}"
    storage = limiter.storage if limiter.enabled else FALLBACK
    try:
        return storage.incr(key, CEREMONY_SECONDS + 60) == 1
    except Exception:  # the shared storage does not answer: this process remembers it
        current_app.logger.warning("rate-limit storage does not answer: passkey challenges are "
                                   "remembered in this process until it does")
        return FALLBACK.incr(key, CEREMONY_SECONDS + 60) == 1


def _descriptors(passkeys: list[Passkey]) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(p.credential_id),
        transports=[AuthenticatorTransport(t) for t in p.transports.split(",") if t in TRANSPORTS] or None,
    ) for p in passkeys]


def passkeys_of(user: User) -> list[Passkey]:
    return list(db.session.execute(
        db.select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.created_at, Passkey.id)
    ).scalars())


# --- registering ---------------------------------------------------------------------------

def registration(user: User, existing: list[Passkey]) -> Ceremony:
    rp_id, _origin = relying_party()
    options = generate_registration_options(
        rp_id=rp_id, rp_name=RP_NAME, user_id=user_handle(user), user_name=user.email,
        user_display_name=user.name, timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=_descriptors(existing),
    )
    return Ceremony(options_to_json(options), _state("register", options.challenge, user))


def register(user: User, state: str, credential: str, name: str) -> Passkey:
    """Check the browser's answer to `registration(user)` and keep the new passkey."""
    rp_id, origin = relying_party()
    try:
        verified = verify_registration_response(
            credential=credential, expected_challenge=_challenge(state, "register", user),
            expected_rp_id=rp_id, expected_origin=origin, require_user_verification=True,
        )
        transports = json.loads(credential).get("response", {}).get("transports") or []
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise PasskeyError(str(exc)) from exc
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.session.scalar(db.select(Passkey.id).where(Passkey.credential_id == credential_id)):
        raise PasskeyError("credential registered already")
    passkey = Passkey(
        user_id=user.id, credential_id=credential_id, public_key=verified.credential_public_key,
        sign_count=verified.sign_count, name=name,
        transports=",".join(t for t in transports if isinstance(t, str) and t in TRANSPORTS),
    )
    db.session.add(passkey)
    db.session.flush()
    return passkey


# --- signing in ----------------------------------------------------------------------------

def authentication(user: User | None = None, passkeys: list[Passkey] | None = None) -> Ceremony:
    """Options for signing in: any passkey of this site (user None: the browser offers its
    discoverable ones) or one of `passkeys` of `user` (the second step after the password)."""
    rp_id, _origin = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id, timeout=TIMEOUT_MS, user_verification=UserVerificationRequirement.REQUIRED,
        allow_credentials=_descriptors(passkeys) if passkeys else None,
    )
    return Ceremony(options_to_json(options), _state("sign_in", options.challenge, user))


def credential_owner(credential: str) -> Passkey | None:
    """The stored passkey the browser's answer names (before it is checked), for the audit log."""
    try:
        parsed = parse_authentication_credential_json(credential)
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError):
        return None
    return db.session.execute(
        db.select(Passkey).where(Passkey.credential_id == bytes_to_base64url(parsed.raw_id))
    ).scalar_one_or_none()


def authenticate(state: str, credential: str, passkey: Passkey | None, user: User | None = None) -> None:
    """Check that the browser's answer to `authentication(user, …)` was signed by `passkey`
    (the one it names) with the user verified; its count and last use move on."""
    if passkey is None:
        raise PasskeyError("unknown credential")
    if user is not None and passkey.user_id != user.id:
        raise PasskeyError("a passkey of another account")
    rp_id, origin = relying_party()
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=_challenge(state, "sign_in", user),
            expected_rp_id=rp_id, expected_origin=origin, credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count, require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise PasskeyError(str(exc)) from exc
    if user is None:  # a discoverable credential names its account: it must be this passkey's
        handle = parse_authentication_credential_json(credential).response.user_handle
        if handle is not None and handle != user_handle(passkey.user):
            raise PasskeyError("user handle of another account")
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = now_utc()
    db.session.flush()


def remove(passkey: Passkey) -> None:
    db.session.delete(passkey)
    db.session.flush()
