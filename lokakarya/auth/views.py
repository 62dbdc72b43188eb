from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from lokakarya.auth import oidc, passkeys, throttle
from lokakarya.auth.forms import (
    ForgotPasswordForm,
    LoginForm,
    PasskeyForm,
    SetPasswordForm,
    weak_password_message,
)
from lokakarya.auth.passwords import check_login, password_problem, set_password
from lokakarya.auth.second_factor import forget_pending, has_second_factor, remember_password_ok
from lokakarya.auth.services import find_user, send_password_reset
from lokakarya.auth.session_login import end_sessions
from lokakarya.auth.sign_in import finish_sign_in, record_sign_in
from lokakarya.auth.tokens import read_link_token, touch
from lokakarya.core.errors import try_again_in
from lokakarya.core.links import absolute_url
from lokakarya.core.redirects import safe_target
from lokakarya.extensions import db, limiter
from lokakarya.i18n import current_language

# Sign-in attempts per client address, whatever the account (each pair also has its own
# growing waits: auth/throttle.py).
LOGIN_RATE_LIMIT = "10 per minute"

bp = Blueprint("auth", __name__)


def login_page(form: LoginForm, status: int = 200, headers: dict | None = None):
    """The login page, with the form for signing in with a passkey instead of the password."""
    return render_template("auth/login.html", form=form, passkey_form=PasskeyForm(),
                           passkey=passkeys.authentication()), status, headers or {}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_RATE_LIMIT, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.tasks"))
    form = LoginForm()
    if request.method == "POST" and not oidc.password_sign_in():
        # Refused unchecked: with PASSWORD_SIGN_IN=false no password is compared at all.
        record_sign_in("password", "refused", email=request.form.get("email", ""),
                       reason="password_sign_in_off")
        db.session.commit()
        flash(_("Masuk dengan kata sandi tidak tersedia; gunakan SSO."), "error")
        return render_template("auth/login.html", form=form), 403
    if form.validate_on_submit():
        with throttle.Pair(form.email.data) as pair:
            if pair.wait:  # refused unchecked: the password is not compared while the pair waits
                record_sign_in("password", "refused", email=form.email.data, reason="throttled")
                db.session.commit()
                flash(_("Terlalu banyak percobaan masuk yang gagal.") + " " + try_again_in(pair.wait), "error")
                return login_page(form, 429, {"Retry-After": str(pair.wait)})
            user = find_user(form.email.data)
            if check_login(user, form.password.data):
                pair.succeeded()
                target = safe_target(request.args.get("next"), url_for("home.tasks"))
                if has_second_factor(user):  # not signed in yet: the second step finishes it
                    remember_password_ok(user, target)
                    return redirect(url_for("auth.second_factor"))
                finish_sign_in(user, "password")
                db.session.commit()
                return redirect(target)
            wait = pair.failed()
            record_sign_in("password", "failure", user, email=form.email.data)
            db.session.commit()
        flash(_("E-mail atau kata sandi salah.") + (" " + try_again_in(wait) if wait else ""), "error")
        return login_page(form, 401)
    return login_page(form)


@bp.post("/logout")
def logout():
    id_token = session.pop(oidc.ID_TOKEN_KEY, None)
    if current_user.is_authenticated:
        end_sessions(current_user)  # copies of this cookie, and the user's other sessions, too
        db.session.commit()
    logout_user()
    forget_pending()
    flash(_("Anda telah keluar."))
    # Signed in by SSO: sign out at the provider too, which sends the browser back here.
    at_provider = oidc.end_session_url(id_token, absolute_url("events.index"))
    return redirect(at_provider or url_for("events.index"))


def sso_only_page(message: str, status: int = 200):
    """With PASSWORD_SIGN_IN=false: where a password page would be, the way in by SSO."""
    return render_template("auth/sso_only.html", message=message), status


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
    if not oidc.password_sign_in():
        return sso_only_page(_("Di sini tidak ada kata sandi Lokakarya: masuk dengan SSO. Kata sandi "
                               "Anda diatur di penyedia SSO organisasi Anda."),
                             403 if request.method == "POST" else 200)
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.is_active:
            send_password_reset(user, current_language())
            db.session.commit()
        # The same answer whether or not the address has an account.
        flash(_("Jika alamat itu terdaftar, tautan untuk mengatur ulang kata sandi telah dikirim."))
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


def _set_password_page(token: str, purpose: str, template: str):
    if not oidc.password_sign_in():  # links sent before passwords were switched off
        return sso_only_page(
            _("Akun Anda siap. Masuk dengan SSO memakai akun organisasi Anda (e-mail yang diundang); "
              "di sini tidak ada kata sandi Lokakarya.") if purpose == "invite" else
            _("Di sini tidak ada kata sandi Lokakarya: masuk dengan SSO. Kata sandi Anda diatur di "
              "penyedia SSO organisasi Anda."), 403 if request.method == "POST" else 200)
    user, reason = read_link_token(token, purpose)
    if user is None:
        message = (_("Tautan ini sudah kedaluwarsa. Mintalah tautan baru.") if reason == "expired"
                   else _("Tautan ini tidak berlaku atau sudah dipakai."))
        return render_template("auth/link_invalid.html", message=message), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        problem = password_problem(form.password.data)
        if problem:
            form.password.errors.append(weak_password_message())
        else:
            set_password(user, form.password.data)
            if has_second_factor(user):  # a link in the mailbox is no way around the second factor
                db.session.commit()
                remember_password_ok(user, url_for("home.tasks"))
                flash(_("Kata sandi disimpan. Selesaikan masuk dengan faktor kedua."))
                return redirect(url_for("auth.second_factor"))
            touch(user)
            db.session.commit()
            login_user(user)
            flash(_("Kata sandi disimpan. Selamat datang, %(name)s.", name=user.name))
            return redirect(url_for("home.tasks"))
    return render_template(template, form=form, user=user)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _set_password_page(token, "reset", "auth/reset.html")


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _set_password_page(token, "invite", "auth/invite.html")


# Routes that live in their own modules but belong to this blueprint.
from lokakarya.auth import account, oidc_views, second_factor_account, second_factor_views, user_admin  # noqa: E402,F401
