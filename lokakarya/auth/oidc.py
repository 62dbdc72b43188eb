"""Single sign-on by OpenID Connect: the settings, the client (Authlib) and the claims.

Authlib does the protocol: the discovery document, the authorization code flow with PKCE (S256),
`state` kept in the signed session, the token request, and the ID token's signature (keys from
the provider's `jwks_uri`), issuer, audience, expiry and nonce. What is ours is plain: which
settings make a working configuration, and what the claims say about a person
(`identity_from_claims`). Accounts are found or created from that in auth/sso_accounts.py; the
routes are in auth/oidc_views.py.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, session

from lokakarya.auth.models import ROLES

EXTENSION = "lokakarya.oidc"
# Seconds the provider has to answer each call (discovery, keys, token, userinfo).
PROVIDER_TIMEOUT = 10
_REQUIRED = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")


def configured(config: Mapping) -> bool:
    return all(config.get(name) for name in _REQUIRED)


def settings_problem(config: Mapping) -> str | None:
    """Why these settings cannot run, said to whoever starts the app; None when they can."""
    missing = [name for name in _REQUIRED if not config.get(name)]
    if missing and len(missing) < len(_REQUIRED):
        return (f"single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together; "
                f"missing: {', '.join(missing)}")
    if not missing:
        if not str(config["OIDC_ISSUER"]).startswith(("https://", "http://")):
            return "OIDC_ISSUER must be the provider's issuer URL, e.g. https://sso.example.go.id/realms/kemendagri"
        if "openid" not in str(config.get("OIDC_SCOPES", "")).split():
            return "OIDC_SCOPES must include openid"
    if not config.get("PASSWORD_SIGN_IN", True) and missing:
        return ("PASSWORD_SIGN_IN=false leaves single sign-on as the only way in, but it is not configured: "
                "set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (or PASSWORD_SIGN_IN=true)")
    return None


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def init_app(app: Flask) -> None:
    """Refuse to start with settings that cannot work; register the client when configured."""
    problem = settings_problem(app.config)
    if problem:
        raise RuntimeError(f"Lokakarya cannot start: {problem}.")
    # The login and account pages offer what is configured.
    app.jinja_env.globals.update(sso_enabled=sso_enabled, password_sign_in=password_sign_in)
    if not configured(app.config):
        return
    from authlib.integrations.flask_client import OAuth

    # One registry per app (not a module-level one): each app keeps its own provider settings.
    oauth = OAuth(app)
    app.after_request(_allow_logout_at_provider)
    app.extensions[EXTENSION] = oauth.register(
        "oidc",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=discovery_url(app.config["OIDC_ISSUER"]),
        client_kwargs={"scope": app.config["OIDC_SCOPES"], "code_challenge_method": "S256",
                       "default_timeout": PROVIDER_TIMEOUT},
    )


def client():
    """The app's OpenID Connect client (Authlib's FlaskOAuth2App), or None without SSO."""
    return current_app.extensions.get(EXTENSION)


def sso_enabled() -> bool:
    return client() is not None


def password_sign_in() -> bool:
    return bool(current_app.config.get("PASSWORD_SIGN_IN", True))


def same_issuer(configured_issuer: str, announced: str | None) -> bool:
    """OpenID Connect Discovery: the document's issuer is the one configured (a trailing slash
    aside, which people add or leave out when copying the URL)."""
    return bool(announced) and configured_issuer.rstrip("/") == str(announced).rstrip("/")


# --- what the claims say ------------------------------------------------------------------

class ClaimsProblem(ValueError):
    """The claims cannot make an account; `reason` is the code the audit log keeps."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Identity:
    subject: str
    email: str  # lower-case; "" when the provider gives none
    email_verified: bool
    name: str
    role: str | None  # None: the provider sent no role claim
    province_code: str | None
    agency_id: int | None


def _text(value) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float | str):
        return str(value).strip()
    return ""


def role_from_claim(value) -> str | None:
    """The role a claim names: a role of `flask users create`, or a list holding some (then the
    first in the order admin, organiser, agency focal point, province focal point). None when
    the claim is absent or empty; an unknown value is a problem, not 'no role'."""
    values = value if isinstance(value, list | tuple) else [value]
    names = [_text(v).lower() for v in values]
    names = [n for n in names if n]
    if not names:
        return None
    for role in ROLES:
        if role in names:
            return role
    raise ClaimsProblem("unknown_role", ", ".join(names)[:100])


def _verified(value) -> bool:
    # Some providers send the JSON string "true" rather than the boolean.
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _agency_id(value) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise ClaimsProblem("invalid_agency", text[:100])
    return int(text)


def _name(claims: Mapping, email: str) -> str:
    name = _text(claims.get("name"))
    if not name:
        name = " ".join(p for p in (_text(claims.get("given_name")), _text(claims.get("family_name"))) if p)
    return (name or _text(claims.get("preferred_username")) or email.partition("@")[0])[:200]


def identity_from_claims(claims: Mapping, role_claim: str, province_claim: str,
                         agency_claim: str) -> Identity:
    """Who the verified claims (ID token, then userinfo) say this is."""
    subject = _text(claims.get("sub"))
    if not subject or len(subject) > 255:
        raise ClaimsProblem("invalid_subject")
    email = _text(claims.get("email")).lower()
    if len(email) > 254 or (email and "@" not in email):
        raise ClaimsProblem("invalid_email", email[:100])
    province = _text(claims.get(province_claim))
    return Identity(
        subject=subject,
        email=email,
        email_verified=bool(email) and _verified(claims.get("email_verified")),
        name=_name(claims, email),
        role=role_from_claim(claims.get(role_claim)),
        province_code=province[:10] or None,
        agency_id=_agency_id(claims.get(agency_claim)),
    )


def identity_for(claims: Mapping) -> Identity:
    config = current_app.config
    return identity_from_claims(claims, config["OIDC_ROLE_CLAIM"], config["OIDC_PROVINCE_CLAIM"],
                                config["OIDC_AGENCY_CLAIM"])


# --- logout at the provider ---------------------------------------------------------------

# The ID token of a sign-in by SSO, kept in the (signed) session only for the logout's
# id_token_hint; logging out removes it.
ID_TOKEN_KEY = "sso_id_token"  # noqa: S105  (a session key, not a secret)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _allow_logout_at_provider(response: Response) -> Response:
    """The logout form posts here and is answered with a redirect to the provider's
    end_session_endpoint; Chromium checks CSP form-action on that redirect too. So the pages
    of a browser signed in by SSO also allow the provider's origin there. (Runs after
    core/security_headers, registered later in create_app, has set the page policy.)"""
    policy = response.headers.get("Content-Security-Policy", "")
    if "form-action 'self'" not in policy or not session.get(ID_TOKEN_KEY):
        return response
    sso = client()
    endpoint = sso.server_metadata.get("end_session_endpoint") or current_app.config["OIDC_ISSUER"]
    response.headers["Content-Security-Policy"] = policy.replace(
        "form-action 'self'", f"form-action 'self' {_origin(endpoint)}")
    return response


def end_session_url(id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser to sign out at the provider too (RP-initiated logout), or None
    when the user did not sign in by SSO or the provider offers no end_session_endpoint."""
    import requests

    sso = client()
    if sso is None or not id_token:
        return None
    try:
        metadata = sso.load_server_metadata()
    except (requests.RequestException, ValueError):
        current_app.logger.warning("SSO logout: the provider's discovery document cannot be read")
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    return sso.create_logout_url(post_logout_redirect_uri=post_logout_redirect_uri,
                                 id_token_hint=id_token, client_id=sso.client_id)["url"]
