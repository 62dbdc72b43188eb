"""Single sign-on against a real, certified OpenID provider (npm `oidc-provider`, started from
tests/oidc_provider/ on a free local port) and the app served over HTTP, driven by Chromium.

The app is served at http://localhost:<port> and the provider at http://127.0.0.1:<port>: two
sites, as in production, so the session cookie has to survive the way back from the provider."""
import json
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from tests.conftest import IN_CI

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc_provider"
NPM_CI = "npm ci --prefix tests/oidc_provider"
CLIENT_ID = "lokakarya-test"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"  # noqa: S105


def require_provider() -> None:
    """Without Node or the provider's packages these tests cannot run: a failure under CI=true
    (never a silent skip there), a skip naming the command to run elsewhere."""
    if shutil.which("node") is None:
        reason = "OpenID provider tests need Node.js (v20 or later) on PATH"
    elif not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        reason = f"OpenID provider tests need its packages: run `{NPM_CI}`"
    else:
        return
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


class OpenIdProvider:
    """One `node server.js` process: `.issuer`, `.set_accounts({login: claims})`."""

    def __init__(self, workdir: Path, app_url: str, accounts: dict, clock_offset: int = 0):
        self.accounts_file = workdir / "accounts.json"
        self.set_accounts(accounts)
        env = dict(os.environ)
        env.update({
            "OIDC_TEST_CLIENT": json.dumps({
                "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{app_url}/login/oidc/callback"],
                "post_logout_redirect_uris": [f"{app_url}/"],
            }),
            "OIDC_TEST_ACCOUNTS": str(self.accounts_file),
            "OIDC_TEST_CLOCK_OFFSET": str(clock_offset),
        })
        self._log = (workdir / "provider.log").open("w")
        self.process = subprocess.Popen(["node", "server.js"], cwd=PROVIDER_DIR, env=env,
                                        stdout=subprocess.PIPE, stderr=self._log, text=True)
        line = self._first_line(timeout=30)
        self.issuer = json.loads(line)["issuer"]
        self._wait_for_discovery()

    def _first_line(self, timeout: float) -> str:
        found: list[str] = []
        reader = threading.Thread(target=lambda: found.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not found or not found[0].strip():
            self.stop()
            raise RuntimeError(f"the OpenID provider did not start: {self.log()}")
        return found[0]

    def _wait_for_discovery(self) -> None:
        url = f"{self.issuer}/.well-known/openid-configuration"
        for _ in range(100):
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the OpenID provider does not answer at {url}: {self.log()}")

    def set_accounts(self, accounts: dict) -> None:
        self.accounts_file.write_text(json.dumps(accounts))

    def log(self) -> str:
        self._log.flush()
        return Path(self._log.name).read_text()[-2000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class _Deferred:
    """The WSGI app behind the server, set once the provider (and so the app's settings) exists."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@dataclass
class Sso:
    url: str  # the app, as the browser reaches it
    app: object
    provider: OpenIdProvider


@pytest.fixture
def sso(make_app, tmp_path):
    """sso(accounts={login: claims}, clock_offset=0, **app_config) → Sso: the app served with
    single sign-on against its own provider."""
    require_provider()
    started = []

    def start(accounts: dict, clock_offset: int = 0, **config) -> Sso:
        deferred = _Deferred()
        server = make_server("127.0.0.1", 0, deferred, threaded=True)
        url = f"http://localhost:{server.server_port}"
        workdir = tmp_path / f"provider{len(started)}"
        workdir.mkdir()
        provider = OpenIdProvider(workdir, url, accounts, clock_offset)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        started.append((server, provider))
        deferred.app = make_app(BASE_URL=url, OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                                OIDC_CLIENT_SECRET=CLIENT_SECRET, **config)
        thread.start()
        return Sso(url, deferred.app, provider)

    yield start
    for server, provider in started:
        server.shutdown()
        provider.stop()


def sign_in_by_sso(page, sso: Sso, login: str, start: str = "/login") -> None:
    """From the app's login page through the provider's login form and consent, back to the app."""
    page.goto(sso.url + start)
    page.get_by_role("button", name=re.compile("^(Masuk dengan SSO|Sign in with SSO)$")).click()
    page.wait_for_url(f"{sso.provider.issuer}/**")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password the dev form takes")
    page.locator("button[type=submit]").click()
    page.get_by_role("button", name="Continue").click()  # consent to the scopes
    page.wait_for_url(f"{sso.url}/**")


def person(email: str, role: str | None = None, verified: bool = True, **claims) -> dict:
    out = {"email": email, "email_verified": verified, "name": claims.pop("name", "Dewi Lestari")}
    if role is not None:
        out["lokakarya_role"] = role
    out.update(claims)
    return out
