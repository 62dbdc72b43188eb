"""`/login/oidc` starts single sign-on at the OpenID provider; `/login/oidc/callback` is where
the provider sends the browser back (the redirect URI registered there, under BASE_URL).

The callback is a GET that signs in (the audit entry, the last-login time): that is how the
authorization code flow returns, as a top-level navigation that carries the Lax session cookie.
"""
import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from joserfc.errors import JoseError

from lokakarya.auth import oidc
from lokakarya.auth.sign_in import finish_sign_in, record_sign_in
from lokakarya.auth.sso_accounts import account_for
from lokakarya.auth.views import bp
from lokakarya.core.links import absolute_url
from lokakarya.core.redirects import safe_target
from lokakarya.extensions import db, limiter
from lokakarya.i18n import current_language

NEXT_KEY = "sso_next"


class _Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _unreachable():
    return render_template(
        "auth/sso_refused.html", title=_("Penyedia SSO tidak dapat dihubungi"),
        message=_("Penyedia SSO tidak menjawab atau menjawab dengan tidak semestinya. Coba lagi "
                  "sebentar lagi; bila tetap begini, hubungi admin."),
    ), 502


def _refusal_message(reason: str, email: str) -> tuple[str, str]:
    """Title and explanation of a refused sign-in, in the user's language."""
    if reason == "no_role":
        return _("Akun belum terdaftar"), _(
            "Anda sudah masuk di penyedia SSO, tetapi belum ada akun Lokakarya untuk %(email)s dan "
            "penyedia tidak memberi peran untuk Anda. Mintalah admin Lokakarya mengundang e-mail "
            "Anda, atau admin penyedia SSO memberi Anda peran Lokakarya.", email=email or "—")
    if reason == "inactive":
        return _("Akun dinonaktifkan"), _(
            "Akun Lokakarya Anda telah dinonaktifkan. Hubungi penyelenggara atau admin.")
    if reason == "email_unverified":
        return _("E-mail belum terverifikasi"), _(
            "Sudah ada akun Lokakarya dengan e-mail %(email)s, tetapi penyedia SSO belum memverifikasi "
            "bahwa e-mail itu milik Anda. Verifikasi e-mail Anda di penyedia SSO, lalu coba lagi.",
            email=email)
    if reason == "email_linked_elsewhere":
        return _("Akun sudah tertaut"), _(
            "Akun Lokakarya dengan e-mail %(email)s sudah tertaut ke identitas SSO lain. Hubungi admin.",
            email=email)
    if reason == "no_email":
        return _("E-mail tidak diberikan"), _(
            "Penyedia SSO tidak memberikan alamat e-mail Anda, padahal akun baru memerlukannya. "
            "Hubungi admin penyedia SSO.")
    if reason == "state" or reason.startswith("provider_"):
        return _("Masuk tidak dapat diselesaikan"), _(
            "Permintaan masuk ini tidak dikenali, sudah dipakai, atau dibatalkan. Silakan mulai lagi.")
    if reason.startswith("id_token") or reason in ("token", "userinfo_subject"):
        return _("Masuk tidak dapat diselesaikan"), _(
            "Tanda pengenal dari penyedia SSO tidak sah atau sudah kedaluwarsa. Silakan masuk lagi; "
            "bila tetap begini, periksa jam server atau hubungi admin.")
    return _("Data dari penyedia SSO tidak lengkap"), _(
        "Peran, provinsi atau instansi yang dikirim penyedia SSO tidak lengkap atau tidak dikenal di "
        "Lokakarya. Hubungi admin penyedia SSO.")


def _refuse(outcome: str, reason: str, user=None, email: str = "", status: int = 403):
    db.session.rollback()  # nothing of this attempt stays but its audit entry
    record_sign_in("sso", outcome, user, email=email, reason=reason)
    db.session.commit()
    title, message = _refusal_message(reason, email)
    return render_template("auth/sso_refused.html", title=title, message=message), status


@bp.get("/login/oidc")
def oidc_login():
    sso = oidc.client()
    if sso is None:
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("home.tasks"))
    try:
        metadata = sso.load_server_metadata()
        if not oidc.same_issuer(oidc_issuer(), metadata.get("issuer")):
            raise _Refused("issuer_mismatch")
        session[NEXT_KEY] = safe_target(request.args.get("next"), url_for("home.tasks"))
        # State, nonce and the PKCE verifier go into the signed session, for the callback.
        return sso.authorize_redirect(absolute_url("auth.oidc_callback"), ui_locales=current_language())
    except (requests.RequestException, ValueError, RuntimeError, _Refused) as exc:
        current_app.logger.warning("SSO: the provider cannot start a sign-in: %r", exc)
        return _unreachable()


def oidc_issuer() -> str:
    return current_app.config["OIDC_ISSUER"]


def _claims(sso, token: dict) -> dict:
    """The ID token's verified claims, completed by the userinfo endpoint when there is one."""
    id_claims = token.get("userinfo")
    if not id_claims:
        raise _Refused("id_token_missing")
    claims = dict(id_claims)
    if sso.load_server_metadata().get("userinfo_endpoint"):
        info = sso.userinfo(token=token)
        if info.get("sub") != id_claims.get("sub"):  # OpenID Connect Core 5.3.2
            raise _Refused("userinfo_subject")
        claims = {**info, **claims}
    return claims


@bp.get("/login/oidc/callback")
@limiter.limit("30 per minute")  # per address, like sign-in; an office shares one
def oidc_callback():
    sso = oidc.client()
    if sso is None:
        abort(404)
    try:
        # Checks the state against the session, sends the PKCE verifier with the code, and
        # verifies the ID token: signature, issuer, audience, expiry, nonce.
        token = sso.authorize_access_token()
        claims = _claims(sso, token)
        identity = oidc.identity_for(claims)
    except MismatchingStateError:
        return _refuse("failure", "state", status=400)
    except OAuthError as exc:  # the provider said no (access_denied, invalid_grant …)
        return _refuse("failure", "token" if exc.error == "oauth_error" else f"provider_{exc.error}"[:50],
                       status=400)
    except JoseError as exc:  # the ID token: bad signature, expired, wrong nonce/audience/issuer
        return _refuse("failure", f"id_token_{exc.error}", status=400)
    except _Refused as exc:
        return _refuse("failure", exc.reason, status=400)
    except oidc.ClaimsProblem as exc:
        return _refuse("refused", exc.reason, email=str(claims.get("email") or ""))
    except (requests.RequestException, ValueError):
        return _unreachable()
    outcome = account_for(identity, oidc_issuer())
    if outcome.reason:
        return _refuse("refused", outcome.reason, outcome.user, email=identity.email)
    finish_sign_in(outcome.user, "sso")
    session[oidc.ID_TOKEN_KEY] = token.get("id_token")
    db.session.commit()
    return redirect(safe_target(session.pop(NEXT_KEY, None), url_for("home.tasks")))
