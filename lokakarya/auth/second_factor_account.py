"""Setting up second factors on /account: the authenticator app (QR code, secret, a code to
confirm, then ten recovery codes shown once) and passkeys (named, listed with their last use).
Removing one, or making new recovery codes, asks for the password again."""
import time

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.security import check_password_hash

from lokakarya.audit.services import record
from lokakarya.auth import passkeys, totp
from lokakarya.auth.account import account_page
from lokakarya.auth.forms import AddPasskeyForm, PasswordConfirmForm, TotpSetupForm
from lokakarya.auth.models import Passkey
from lokakarya.auth.views import bp
from lokakarya.extensions import db, limiter

SETUP_SECONDS = 15 * 60


def _me():
    if not current_user.is_authenticated:
        abort(401)
    return current_user._get_current_object()


def _setup_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lokakarya-totp-setup")


def _setup_page(user, form: TotpSetupForm, secret: str, status: int = 200):
    form.setup.data = _setup_serializer().dumps({"uid": user.id, "secret": secret})
    return render_template(
        "auth/totp_setup.html", form=form, secret=totp.grouped(secret),
        qr=totp.qr_data_uri(totp.provisioning_uri(secret, user.email)),
    ), status


def _is_password(user, password: str | None) -> bool:
    return bool(user.password_hash and password and check_password_hash(user.password_hash, password))


def _password_right(user, form: PasswordConfirmForm) -> bool:
    if form.validate_on_submit() and _is_password(user, form.password.data):
        return True
    flash(_("Kata sandi salah. Tidak ada yang diubah."), "error")
    return False


@bp.get("/account/totp")
def totp_setup():
    """A new secret on every visit (held in the signed form, stored only once confirmed)."""
    user = _me()
    if user.totp_secret:
        return redirect(url_for("auth.account"))
    return _setup_page(user, TotpSetupForm(formdata=None), totp.new_secret())


@bp.post("/account/totp")
@limiter.limit("10 per minute")
def totp_confirm():
    user = _me()
    if user.totp_secret:
        return redirect(url_for("auth.account"))
    form = TotpSetupForm()
    try:
        data = _setup_serializer().loads(form.setup.data or "", max_age=SETUP_SECONDS)
    except BadSignature:  # SignatureExpired included
        data = None
    if not isinstance(data, dict) or data.get("uid") != user.id or not isinstance(data.get("secret"), str):
        flash(_("Waktu penyiapan habis. Pindai kode QR yang baru."), "error")
        return redirect(url_for("auth.totp_setup"))
    secret = data["secret"]
    if not form.validate_on_submit():
        return _setup_page(user, form, secret, 400)
    if not _is_password(user, form.password.data):
        form.password.errors.append(_("Kata sandi salah."))
        return _setup_page(user, form, secret, 400)
    step = totp.matching_step(secret, form.code.data, time.time(), None)
    if step is None:
        form.code.errors.append(_("Kode tidak cocok. Periksa jam ponsel lalu masukkan kode yang sedang tampil."))
        return _setup_page(user, form, secret, 400)
    codes = totp.enable(user, secret, step)
    record("user.second_factor_add", user, after={"kind": "totp"}, actor=user)
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes, first=True)


@bp.post("/account/totp/remove")
@limiter.limit("10 per minute")
def totp_remove():
    user = _me()
    if user.totp_secret and _password_right(user, PasswordConfirmForm()):
        totp.disable(user)
        record("user.second_factor_remove", user, before={"kind": "totp"}, actor=user)
        db.session.commit()
        flash(_("Aplikasi autentikator dilepas; kode pemulihannya tidak berlaku lagi."))
    return redirect(url_for("auth.account"))


@bp.post("/account/recovery-codes")
@limiter.limit("10 per minute")
def new_recovery_codes():
    user = _me()
    if not user.totp_secret or not _password_right(user, PasswordConfirmForm()):
        return redirect(url_for("auth.account"))
    codes = totp.new_recovery_codes(user)
    record("user.recovery_codes_new", user, actor=user)
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes, first=False)


@bp.post("/account/passkeys")
@limiter.limit("10 per minute")
def add_passkey():
    user = _me()
    form = AddPasskeyForm()
    if not form.validate_on_submit():
        return account_page(passkey_form=form, status=400)
    if not _is_password(user, form.password.data):
        form.password.errors.append(_("Kata sandi salah."))
        return account_page(passkey_form=form, status=400)
    try:
        passkey = passkeys.register(user, form.state.data, form.credential.data, form.name.data)
    except passkeys.PasskeyError:
        flash(_("Passkey tidak dapat didaftarkan. Coba lagi."), "error")
        return account_page(passkey_form=form, status=400)
    record("user.second_factor_add", user, after={"kind": "passkey", "name": passkey.name}, actor=user)
    db.session.commit()
    flash(_("Passkey “%(name)s” ditambahkan.", name=passkey.name))
    return redirect(url_for("auth.account"))


@bp.post("/account/passkeys/<int:passkey_id>/remove")
@limiter.limit("10 per minute")
def remove_passkey(passkey_id: int):
    user = _me()
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != user.id:
        abort(404)
    if _password_right(user, PasswordConfirmForm()):
        name = passkey.name
        passkeys.remove(passkey)
        record("user.second_factor_remove", user, before={"kind": "passkey", "name": name}, actor=user)
        db.session.commit()
        flash(_("Passkey “%(name)s” dihapus.", name=name))
    return redirect(url_for("auth.account"))
