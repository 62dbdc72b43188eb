"""`/users`: organisers and admins list accounts, invite focal points and deactivate them."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from lokakarya.agencies.services import search_agencies
from lokakarya.audit.services import record, snapshot
from lokakarya.auth.decorators import staff_required
from lokakarya.auth.forms import InviteForm
from lokakarya.auth.labels import role_labels
from lokakarya.auth.models import Passkey, User
from lokakarya.auth.services import (
    create_user,
    find_user,
    may_manage,
    roles_invitable_by,
    send_invitation,
    set_active,
)
from lokakarya.auth.views import bp
from lokakarya.extensions import db
from lokakarya.i18n import current_language
from lokakarya.regions.models import Province

EMPTY = SelectChoice("", "—")


def _provinces() -> list[Province]:
    return list(db.session.execute(db.select(Province).order_by(Province.name)).scalars())


def _invite_form(provinces: list[Province]) -> InviteForm:
    form = InviteForm()
    labels = role_labels()
    form.role.choices = [SelectChoice(r, labels[r]) for r in roles_invitable_by(current_user)]
    form.province_code.choices = [EMPTY] + [SelectChoice(p.code, p.name) for p in provinces]
    form.agency_id.choices = agency_choices({p.code: p.name for p in provinces})
    return form


def agency_choices(province_names: dict[str, str]) -> list[SelectChoice]:
    """The no-JS fallback of the agency picker: every approved agency, grouped by province."""
    return [EMPTY] + [
        SelectChoice(str(a.id), a.name, optgroup=province_names.get(a.province_code or "", _("Pusat")))
        for a in search_agencies()
    ]


def _page(form: InviteForm, provinces: list[Province], status: int = 200):
    users = db.session.execute(
        db.select(User).options(selectinload(User.agency), selectinload(User.province))
        .order_by(User.active.desc(), User.role, User.email)
    ).scalars().all()
    # How each signs in (a security review asks who has no second factor): passkeys counted in one
    # statement for all.
    passkeys = dict(db.session.execute(db.select(Passkey.user_id, func.count()).group_by(Passkey.user_id)).all())
    return render_template("auth/users.html", users=users, form=form, labels=role_labels(),
                           passkeys=passkeys, ways=lambda u: sign_in_ways(u, passkeys.get(u.id, 0)),
                           provinces=provinces,
                           may_manage=lambda u: may_manage(current_user, u)), status


def sign_in_ways(user: User, passkeys: int) -> list[str]:
    ways = [_("SSO")] if user.oidc_subject else []
    if user.password_hash:
        ways.append(_("kata sandi"))
    if user.totp_secret:
        ways.append(_("aplikasi autentikator"))
    if passkeys:
        ways.append(_("%(count)d passkey", count=passkeys))
    return ways


@bp.get("/users")
@staff_required
def users():
    provinces = _provinces()
    return _page(_invite_form(provinces), provinces)


@bp.post("/users/invite")
@staff_required
def invite_user():
    provinces = _provinces()
    form = _invite_form(provinces)
    if not form.validate_on_submit():
        return _page(form, provinces, 400)
    if find_user(form.email.data):
        form.email.errors.append(_("Sudah ada akun dengan e-mail ini."))
    else:
        role = form.role.data
        user = create_user(
            form.email.data, form.name.data, role,
            agency_id=form.agency_id.data if role == "agency_focal_point" else None,
            province_code=form.province_code.data if role == "province_focal_point" else None,
        )
        send_invitation(user, inviter=current_user, lang=current_language())
        record("user.invite", user, after=snapshot(user, ("email", "name", "role", "agency_id",
                                                          "province_code")))
        db.session.commit()
        flash(_("Undangan dikirim ke %(email)s.", email=user.email))
        return redirect(url_for("auth.users"))
    return _page(form, provinces, 400)


@bp.post("/users/<int:user_id>/active")
@staff_required
def set_user_active(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not may_manage(current_user, user):
        abort(403)
    active = request.form.get("active") == "1"
    set_active(user, active)
    db.session.commit()
    flash(_("Akun %(email)s diaktifkan kembali.", email=user.email) if active
          else _("Akun %(email)s dinonaktifkan.", email=user.email))
    return redirect(url_for("auth.users"))
