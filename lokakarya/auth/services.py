"""Creating users and sending them links (reset, invitation) through the outbox."""
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from lokakarya.auth.models import ROLES, User
from lokakarya.auth.passwords import set_password
from lokakarya.auth.tokens import make_link_token
from lokakarya.core.links import absolute_url
from lokakarya.extensions import db
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue


class UserError(ValueError):
    pass


def find_user(email: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()


def create_user(
    email: str, name: str, role: str, password: str | None = None,
    agency_id: int | None = None, province_code: str | None = None,
) -> User:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if find_user(email):
        raise UserError(f"a user with e-mail {email} exists already")
    if role == "agency_focal_point" and not agency_id:
        raise UserError("an agency focal point needs --agency-id")
    if role == "province_focal_point" and not province_code:
        raise UserError("a province focal point needs --province")
    user = User(
        email=email.strip().lower(), name=name.strip(), role=role,
        agency_id=agency_id, province_code=province_code,
    )
    if password:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def send_password_reset(user: User, lang: str = "id") -> None:
    link = absolute_url("auth.reset_password", token=make_link_token(user, "reset"))
    with force_locale(lang):
        queue(Draft(
            to=user.email,
            subject=_("Atur ulang kata sandi Lokakarya"),
            text=render_template("auth/mail/reset.txt", user=user, link=link),
        ), kind="password_reset")


def send_invitation(user: User, inviter: User | None = None, lang: str = "id") -> None:
    from lokakarya.auth.oidc import password_sign_in

    sso_only = not password_sign_in()  # then the invited person signs in by SSO, no password
    link = (absolute_url("auth.login") if sso_only
            else absolute_url("auth.accept_invitation", token=make_link_token(user, "invite")))
    with force_locale(lang):
        queue(Draft(
            to=user.email,
            subject=_("Undangan ke Lokakarya"),
            text=render_template("auth/mail/invite.txt", user=user, link=link, inviter=inviter,
                                 sso_only=sso_only),
        ), kind="invitation")


def roles_invitable_by(user: User) -> tuple[str, ...]:
    """Organisers invite focal points; admins may also invite organisers."""
    focal = ("agency_focal_point", "province_focal_point")
    return ("organiser", *focal) if user.role == "admin" else focal


def may_manage(actor: User, user: User) -> bool:
    """Whether `actor` may deactivate or reactivate `user` (never themselves)."""
    if actor.id == user.id:
        return False
    return actor.role == "admin" or user.role in roles_invitable_by(actor)


def set_active(user: User, active: bool) -> None:
    """Deactivated users cannot sign in, and their API tokens stop working."""
    from lokakarya.audit.services import record

    if user.active == active:
        return
    record("user.activate" if active else "user.deactivate", user,
           before={"active": user.active}, after={"active": active})
    user.active = active
    db.session.flush()
