"""The second step of a password sign-in (authenticator code, recovery code or passkey), and
signing in with a passkey alone from the login page. Only these call finish_sign_in for those
methods; every attempt goes to the audit log (auth/sign_in.py)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lokakarya.auth import passkeys, throttle, totp
from lokakarya.auth.forms import LoginForm, PasskeyForm, SecondFactorForm
from lokakarya.auth.second_factor import forget_pending, pending
from lokakarya.auth.sign_in import finish_sign_in, record_sign_in
from lokakarya.auth.views import LOGIN_RATE_LIMIT, bp, login_page
from lokakarya.core.errors import try_again_in
from lokakarya.core.redirects import safe_target
from lokakarya.extensions import db, limiter

METHODS = ("totp", "recovery_code")


def _expired():
    forget_pending()
    flash(_("Langkah masuk sudah kedaluwarsa. Masukkan lagi e-mail dan kata sandi."), "error")
    return redirect(url_for("auth.login"))


def _step_page(user, form: SecondFactorForm, method: str, status: int = 200, headers: dict | None = None):
    keys = passkeys.passkeys_of(user)
    return render_template(
        "auth/second_factor.html", form=form, method=method, has_totp=bool(user.totp_secret),
        passkey_form=PasskeyForm(), passkey=passkeys.authentication(user, keys) if keys else None,
    ), status, headers or {}


def _finish(user, method: str, target: str):
    forget_pending()
    finish_sign_in(user, method)
    db.session.commit()
    return redirect(safe_target(target, url_for("home.tasks")))


@bp.get("/login/second-factor")
def second_factor():
    if current_user.is_authenticated:
        return redirect(url_for("home.tasks"))
    user, _target = pending()
    if user is None:
        return _expired()
    method = request.args.get("method")
    if method not in METHODS or not user.totp_secret:
        method = "totp" if user.totp_secret else ""
    return _step_page(user, SecondFactorForm(), method)


@bp.post("/login/second-factor")
@limiter.limit(LOGIN_RATE_LIMIT)
def second_factor_code():
    user, target = pending()
    if user is None:
        return _expired()
    method = request.args.get("method")
    if method not in METHODS or not user.totp_secret:
        return redirect(url_for("auth.second_factor"))
    form = SecondFactorForm()
    if not form.validate_on_submit():
        return _step_page(user, form, method, 400)
    # Growing waits per account (from whatever address): whoever is here knows the password.
    with throttle.Pair(user.email, throttle.SECOND_STEP) as pair:
        if pair.wait:
            record_sign_in(method, "refused", user, reason="throttled")
            db.session.commit()
            flash(_("Terlalu banyak kode yang salah.") + " " + try_again_in(pair.wait), "error")
            return _step_page(user, form, method, 429, {"Retry-After": str(pair.wait)})
        right = totp.accept_code(user, form.code.data) if method == "totp" \
            else totp.use_recovery_code(user, form.code.data)
        if right:
            pair.succeeded()
            return _finish(user, method, target)
        wait = pair.failed()
        record_sign_in(method, "failure", user)
        db.session.commit()
    message = (_("Kode salah atau sudah dipakai.") if method == "totp"
               else _("Kode pemulihan salah atau sudah dipakai."))
    flash(message + (" " + try_again_in(wait) if wait else ""), "error")
    return _step_page(user, form, method, 401)


@bp.post("/login/second-factor/passkey")
@limiter.limit(LOGIN_RATE_LIMIT)
def second_factor_passkey():
    user, target = pending()
    if user is None:
        return _expired()
    form = PasskeyForm()
    if form.validate_on_submit():
        passkey = passkeys.credential_owner(form.credential.data)
        try:
            passkeys.authenticate(form.state.data, form.credential.data, passkey, user)
        except passkeys.PasskeyError as exc:
            record_sign_in("passkey", "failure", user, reason=_reason(exc))
            db.session.commit()
        else:
            return _finish(user, "passkey", target)
    flash(_("Passkey tidak dapat diperiksa. Coba lagi."), "error")
    return _step_page(user, SecondFactorForm(), "totp" if user.totp_secret else "", 401)


@bp.post("/login/passkey")
@limiter.limit(LOGIN_RATE_LIMIT)
def passkey_login():
    """"Masuk dengan passkey": the browser offers the site's passkeys; no e-mail, no password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.tasks"))
    form = PasskeyForm()
    if form.validate_on_submit():
        passkey = passkeys.credential_owner(form.credential.data)
        owner = passkey.user if passkey is not None else None
        try:
            passkeys.authenticate(form.state.data, form.credential.data, passkey)
            if not owner.is_active:
                raise passkeys.PasskeyError("inactive account")
        except passkeys.PasskeyError as exc:
            record_sign_in("passkey", "failure", owner, reason=_reason(exc))
            db.session.commit()
        else:
            forget_pending()
            finish_sign_in(owner, "passkey")
            db.session.commit()
            return redirect(safe_target(request.args.get("next"), url_for("home.tasks")))
    flash(_("Masuk dengan passkey gagal. Coba lagi atau masuk dengan kata sandi."), "error")
    return login_page(LoginForm(formdata=None), 401)


def _reason(exc: Exception) -> str:
    return str(exc)[:200]
