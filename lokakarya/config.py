"""Settings come from environment variables only (see README, "Configuration")."""
import os
import secrets
from pathlib import Path


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in ("0", "false", "no", "off", "")


def rate_limit_storage_uri() -> str:
    """Where rate limits and sign-in throttling count: Redis when REDIS_URL is set, else the
    memory of each process."""
    return os.environ.get("REDIS_URL") or "memory://"


def unshared_limits_warning(workers: int) -> str | None:
    """The warning for a server that runs several workers (gunicorn.conf.py) whose limits would
    each be counted in their own memory, so every limit would be `workers` times too high."""
    if workers <= 1 or not _flag("RATELIMIT_ENABLED", True) or rate_limit_storage_uri() != "memory://":
        return None
    return (f"{workers} workers keep rate limits and sign-in throttling each in their own memory, so "
            f"every limit is {workers} times what it says: set REDIS_URL to share them.")


def from_environment(instance_path: Path) -> dict:
    instance_path.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'lokakarya.db'}"
    base_url = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    redis_url = os.environ.get("REDIS_URL")
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BASE_URL": base_url,
        "MAIL_URL": os.environ.get("MAIL_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Lokakarya <noreply@lokakarya.example.go.id>"),
        "OUTBOX_DIR": str(instance_path / "outbox"),
        # Seconds the SMTP server has to accept the connection and to answer each command.
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "5")),
        # Connections a delivery pass uses at once (mail/lanes.py); relays may limit them.
        "MAIL_CONNECTIONS": max(1, int(os.environ.get("MAIL_CONNECTIONS", "1"))),
        # Deliver queued mail from a background thread of the web process, woken by the request
        # that queued it (mail/inline_delivery.py); production may switch it off and run
        # `flask mail deliver` in a worker instead.
        "MAIL_DELIVER_INLINE": _flag("MAIL_DELIVER_INLINE", True),
        "REDIS_URL": redis_url,
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": rate_limit_storage_uri(),
        # Redis down must not take the site down: limits are then counted in each process's
        # memory until it answers again (Flask-Limiter checks it), never a 500.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Off: Flask-Limiter would put its window's Retry-After on every answer (and over the
        # sign-in wait); 429 answers carry their own (core/errors.py, auth/views.py).
        "RATELIMIT_HEADERS_ENABLED": False,
        # Public registration, per client address. Generous: a whole office often shares one
        # address, and the WhatsApp rush is real people, not a flood.
        "REGISTRATION_RATE_LIMIT": os.environ.get("REGISTRATION_RATE_LIMIT", "120 per minute"),
        # Reverse proxies in front of the app (load balancer, nginx): their X-Forwarded-* headers
        # are trusted, so rate limits and secure links see the client, not the proxy.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        # Single sign-on by OpenID Connect (auth/oidc.py); on when the issuer, client id and
        # secret are set. The claims name what the provider calls role, province and agency.
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER", "").strip(),
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID", "").strip(),
        "OIDC_CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET", ""),
        "OIDC_SCOPES": os.environ.get("OIDC_SCOPES") or "openid email profile",
        "OIDC_ROLE_CLAIM": os.environ.get("OIDC_ROLE_CLAIM") or "lokakarya_role",
        "OIDC_PROVINCE_CLAIM": os.environ.get("OIDC_PROVINCE_CLAIM") or "province_code",
        "OIDC_AGENCY_CLAIM": os.environ.get("OIDC_AGENCY_CLAIM") or "agency_id",
        # Off: only single sign-on (set in the environment, so a stolen admin account cannot
        # weaken sign-in); the app refuses to start without OIDC then.
        "PASSWORD_SIGN_IN": _flag("PASSWORD_SIGN_IN", True),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": base_url.startswith("https://"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": base_url.startswith("https://"),
        "PREFERRED_URL_SCHEME": "https" if base_url.startswith("https://") else "http",
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(instance_path / "uploads")),
        # Roles that must sign in with a second factor (authenticator app or passkey), e.g.
        # "admin,organiser"; checked at start-up (auth/second_factor.py). Environment only.
        "SECOND_FACTOR_REQUIRED": os.environ.get("SECOND_FACTOR_REQUIRED", ""),
        # Video-conference providers (lokakarya/vc), each optional: one without its variables is
        # not offered. Secrets here never reach a page, feed, mail, log, API answer or export.
        "ZOOM_ACCOUNT_ID": os.environ.get("ZOOM_ACCOUNT_ID", ""),
        "ZOOM_CLIENT_ID": os.environ.get("ZOOM_CLIENT_ID", ""),
        "ZOOM_CLIENT_SECRET": os.environ.get("ZOOM_CLIENT_SECRET", ""),
        "ZOOM_HOST_EMAIL": os.environ.get("ZOOM_HOST_EMAIL", ""),
        "ZOOM_API_URL": os.environ.get("ZOOM_API_URL", "https://api.zoom.us/v2").rstrip("/"),
        "ZOOM_OAUTH_URL": os.environ.get("ZOOM_OAUTH_URL", "https://zoom.us/oauth/token"),
        "ZOOM_WEBHOOK_SECRET": os.environ.get("ZOOM_WEBHOOK_SECRET", ""),
        "BBB_URL": os.environ.get("BBB_URL", "").rstrip("/"),
        "BBB_SECRET": os.environ.get("BBB_SECRET", ""),
        # The checksum BBB's API calls carry: sha1 (every version) or sha256/sha384/sha512.
        "BBB_CHECKSUM": os.environ.get("BBB_CHECKSUM", "sha1").strip().lower(),
        "JITSI_URL": os.environ.get("JITSI_URL", "").rstrip("/"),
        "JITSI_APP_ID": os.environ.get("JITSI_APP_ID", ""),
        "JITSI_APP_SECRET": os.environ.get("JITSI_APP_SECRET", ""),
        # Seconds a provider has to answer one call (connect and read).
        "VC_TIMEOUT": float(os.environ.get("VC_TIMEOUT", "10")),
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "WTF_CSRF_TIME_LIMIT": None,
    }
