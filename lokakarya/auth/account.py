"""`/account`: the signed-in user's own page: their password, and their second factors
(auth/second_factor_account.py)."""
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from werkzeug.security import check_password_hash

from lokakarya.audit.services import record
from lokakarya.auth import passkeys, totp
from lokakarya.auth.forms import (
    AddPasskeyForm,
    ChangePasswordForm,
    PasswordConfirmForm,
    weak_password_message,
)
from lokakarya.auth.labels import role_labels
from lokakarya.auth.oidc import password_sign_in
from lokakarya.auth.passwords import password_problem, set_password
from lokakarya.auth.views import bp
from lokakarya.extensions import db, limiter


def account_page(form: ChangePasswordForm | None = None, passkey_form: AddPasskeyForm | None = None,
                 status: int = 200):
    user = current_user._get_current_object()
    keys = passkeys.passkeys_of(user)
    required = user.role in current_app.config["SECOND_FACTOR_REQUIRED"]
    return render_template(
        "auth/account.html", role=role_labels().get(user.role, ""),
        form=form or ChangePasswordForm(formdata=None), passkeys=keys,
        passkey_form=passkey_form or AddPasskeyForm(formdata=None),
        passkey=passkeys.registration(user, keys),
        confirm_form=PasswordConfirmForm(formdata=None),
        recovery_left=totp.recovery_codes_left(user) if user.totp_secret else 0,
        second_factor_required=required, must_set_up=required and not (user.totp_secret or keys),
    ), status


@bp.get("/account")
def account():
    if not current_user.is_authenticated:
        abort(401)
    return account_page()


@bp.post("/account/password")
@limiter.limit("10 per minute")  # guessing the current password from a borrowed session
def change_password():
    if not current_user.is_authenticated:
        abort(401)
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    if not password_sign_in():
        flash(_("Kata sandi tidak dipakai di sini: Anda masuk dengan SSO."), "error")
        return account_page(form, status=403)
    if not form.validate_on_submit():
        return account_page(form, status=400)
    if not user.password_hash or not check_password_hash(user.password_hash, form.current_password.data):
        form.current_password.errors.append(_("Kata sandi saat ini salah."))
        return account_page(form, status=400)
    if password_problem(form.password.data):
        form.password.errors.append(weak_password_message())
        return account_page(form, status=400)
    set_password(user, form.password.data)  # ends every other session of this account
    record("user.password_change", user, actor=user)  # no hashes in the log
    db.session.commit()
    login_user(user)  # this browser carries the new session version and stays signed in
    flash(_("Kata sandi diganti. Sesi lain akun ini telah diakhiri."))
    return redirect(url_for("auth.account"))
