from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from lokakarya.auth import throttle
from lokakarya.auth.forms import ForgotPasswordForm, LoginForm, SetPasswordForm, weak_password_message
from lokakarya.auth.passwords import check_login, password_problem, set_password
from lokakarya.auth.services import find_user, send_password_reset
from lokakarya.auth.session_login import end_sessions
from lokakarya.auth.sign_in import finish_sign_in, record_sign_in
from lokakarya.auth.tokens import read_link_token, touch
from lokakarya.core.errors import try_again_in
from lokakarya.core.redirects import safe_target
from lokakarya.extensions import db, limiter
from lokakarya.i18n import current_language

# Sign-in attempts per client address, whatever the account (each pair also has its own
# growing waits: auth/throttle.py).
LOGIN_RATE_LIMIT = "10 per minute"

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_RATE_LIMIT, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.tasks"))
    form = LoginForm()
    if form.validate_on_submit():
        with throttle.Pair(form.email.data) as pair:
            if pair.wait:  # refused unchecked: the password is not compared while the pair waits
                record_sign_in("password", "refused", email=form.email.data, reason="throttled")
                db.session.commit()
                flash(_("Terlalu banyak percobaan masuk yang gagal.") + " " + try_again_in(pair.wait), "error")
                return render_template("auth/login.html", form=form), 429, {"Retry-After": str(pair.wait)}
            user = find_user(form.email.data)
            if check_login(user, form.password.data):
                pair.succeeded()
                finish_sign_in(user, "password")
                db.session.commit()
                return redirect(safe_target(request.args.get("next"), url_for("home.tasks")))
            wait = pair.failed()
            record_sign_in("password", "failure", user, email=form.email.data)
            db.session.commit()
        flash(_("E-mail atau kata sandi salah.") + (" " + try_again_in(wait) if wait else ""), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        end_sessions(current_user)  # copies of this cookie, and the user's other sessions, too
        db.session.commit()
    logout_user()
    flash(_("Anda telah keluar."))
    return redirect(url_for("events.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
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
from lokakarya.auth import account, user_admin  # noqa: E402,F401
