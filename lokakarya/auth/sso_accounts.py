"""The account a single sign-on identity signs in to (adds and flushes; the view commits).

1. An account linked to this issuer and subject: that one, whatever its e-mail now is.
2. Else an account with the same e-mail, when the provider says the e-mail is verified and the
   account is not linked to another identity of this provider: it is linked now (accounts are
   created by admins and organisers, by invitation or `flask users create`).
3. Else, when the claims carry a role: a new account from the claims.
4. Else: refused (`no_role`).

While the provider sends a role claim it is the source of the account's role, province and
agency: a change there applies at the next sign-in (audited as `user.sso_update`).
"""
from dataclasses import dataclass

from lokakarya.agencies.models import Agency
from lokakarya.audit.services import record, snapshot
from lokakarya.auth.models import User
from lokakarya.auth.oidc import Identity
from lokakarya.auth.services import find_user
from lokakarya.extensions import db
from lokakarya.regions.models import Province

PROFILE_FIELDS = ("role", "province_code", "agency_id")


@dataclass
class Outcome:
    user: User | None  # the account found (also when refused, for the audit log)
    reason: str = ""  # why the sign-in is refused; "" when the user may sign in


def _linked(issuer: str, subject: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject)
    ).scalar_one_or_none()


def _profile(identity: Identity) -> tuple[dict | None, str]:
    """Role, province and agency from the claims, checked as `flask users create` checks them."""
    province = identity.province_code
    if province is not None and db.session.get(Province, province) is None:
        return None, "unknown_province"
    agency = identity.agency_id
    if agency is not None and db.session.get(Agency, agency) is None:
        return None, "unknown_agency"
    if identity.role == "agency_focal_point" and agency is None:
        return None, "agency_missing"
    if identity.role == "province_focal_point" and province is None:
        return None, "province_missing"
    return {"role": identity.role,
            "province_code": province if identity.role == "province_focal_point" else None,
            "agency_id": agency if identity.role == "agency_focal_point" else None}, ""


def _update(user: User, identity: Identity) -> str:
    """Follow the provider's role claims (when it sends them); "" or a reason to refuse."""
    if identity.role is None:
        return ""
    profile, reason = _profile(identity)
    if profile is None:
        return reason
    before = snapshot(user, PROFILE_FIELDS)
    if before != profile:
        for name, value in profile.items():
            setattr(user, name, value)
        record("user.sso_update", user, before=before, after=profile, actor=user)
    return ""


def account_for(identity: Identity, issuer: str) -> Outcome:
    user = _linked(issuer, identity.subject)
    if user is None and identity.email:
        match = find_user(identity.email)
        if match is not None:
            if not identity.email_verified:
                return Outcome(None, "email_unverified")
            if match.oidc_subject is not None and match.oidc_issuer == issuer:
                return Outcome(None, "email_linked_elsewhere")
            if not match.active:
                return Outcome(match, "inactive")
            match.oidc_issuer, match.oidc_subject = issuer, identity.subject
            record("user.sso_link", match, after={"oidc_issuer": issuer, "oidc_subject": identity.subject},
                   actor=match)
            user = match
    if user is not None:
        if not user.active:
            return Outcome(user, "inactive")
        reason = _update(user, identity)
        db.session.flush()
        return Outcome(user, reason)
    if identity.role is None:
        return Outcome(None, "no_role")
    if not identity.email:
        return Outcome(None, "no_email")
    profile, reason = _profile(identity)
    if profile is None:
        return Outcome(None, reason)
    user = User(email=identity.email, name=identity.name or identity.email, oidc_issuer=issuer,
                oidc_subject=identity.subject, **profile)
    db.session.add(user)
    db.session.flush()
    record("user.sso_create", user, after=snapshot(user, ("email", "name", *PROFILE_FIELDS,
                                                         "oidc_issuer", "oidc_subject")), actor=user)
    return Outcome(user)
