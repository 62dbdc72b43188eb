"""Single sign-on in Chromium against the certified `oidc-provider`: the whole authorization
code flow with PKCE, the account it lands in, and the refusals a person can meet."""
import re
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
from sqlalchemy import select

from lokakarya.audit.models import AuditEntry
from lokakarya.auth.models import User
from lokakarya.extensions import db
from tests.sso.conftest import person, sign_in_by_sso

pytestmark = pytest.mark.browser


def _users(app) -> list[User]:
    with app.app_context():
        users = db.session.execute(select(User).order_by(User.id)).scalars().all()
        db.session.expunge_all()
        return users


def _sign_ins(app) -> list[tuple[str, str, str]]:
    """(action, actor label, reason) of every sign-in attempt by SSO, oldest first."""
    with app.app_context():
        entries = db.session.execute(
            select(AuditEntry).where(AuditEntry.action.like("auth.sign_in_%")).order_by(AuditEntry.id)
        ).scalars().all()
        return [(e.action, e.actor_label, (e.after or {}).get("reason", "")) for e in entries
                if (e.after or {}).get("method") == "sso"]


def _fresh_page(browser):
    """Another browser (no cookies of the app or the provider)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_an_organisation_runs_on_sso_only_sign_in_maps_role_and_province_logout_ends_both(page, sso):
    site = sso({"dewi": person("Dewi.Lestari@bengkulu.go.id", "province_focal_point", province_code="17")},
               PASSWORD_SIGN_IN=False)
    page.goto(f"{site.url}/login")
    assert page.locator("input[type=password]").count() == 0  # SSO only: no password form
    sign_in_by_sso(page, site, "dewi")

    page.wait_for_url(f"{site.url}/tasks")
    assert "Dewi Lestari" in page.locator("header nav").inner_text()
    page.goto(f"{site.url}/account")
    main = page.locator("main").inner_text()
    assert "Focal point provinsi" in main and "Provinsi: Bengkulu" in main
    assert "dewi.lestari@bengkulu.go.id" in main
    [user] = _users(site.app)
    assert (user.oidc_issuer, user.oidc_subject) == (site.provider.issuer, "dewi")
    assert (user.role, user.province_code, user.password_hash) == ("province_focal_point", "17", None)
    assert _sign_ins(site.app) == [("auth.sign_in_success", "dewi.lestari@bengkulu.go.id", "")]

    # Logout ends our session and, through end_session_endpoint, the one at the provider.
    page.locator("header").get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{site.provider.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{site.url}/?state=*")  # the provider's post_logout_redirect_uri
    assert "Anda telah keluar." in page.locator("main").inner_text()
    assert "Dewi Lestari" not in page.locator("header").inner_text()
    # Signing in again asks the provider for the password again: its session ended too.
    page.goto(f"{site.url}/login")
    page.get_by_role("button", name="Masuk dengan SSO").click()
    page.wait_for_url(f"{site.provider.issuer}/**")
    assert page.locator("input[name=login]").is_visible()


def test_a_tampered_state_is_refused(page, sso):
    site = sso({"dewi": person("dewi@kemendagri.go.id", "organiser")})

    def tamper(route):
        """The app's redirect to the provider, with another state: the provider brings that
        one back, and the app's session knows only its own."""
        response = route.fetch(max_redirects=0)
        parts = urlparse(response.headers["location"])
        query = parse_qs(parts.query)
        query["state"] = ["x" + query["state"][0]]
        route.fulfill(response=response, headers={
            **response.headers,
            "location": urlunparse(parts._replace(query=urlencode(query, doseq=True)))})

    page.route(re.compile(re.escape(f"{site.url}/login/oidc") + r"(\?.*)?$"), tamper)
    sign_in_by_sso(page, site, "dewi")

    assert "Masuk tidak dapat diselesaikan" in page.locator("main").inner_text()
    assert page.goto(f"{site.url}/account").status == 401  # not signed in
    assert _users(site.app) == []
    assert _sign_ins(site.app) == [("auth.sign_in_failure", "", "state")]


def test_an_expired_id_token_is_refused(page, sso):
    # The provider's clock runs ten minutes behind: its 5-minute ID tokens arrive expired.
    site = sso({"dewi": person("dewi@kemendagri.go.id", "organiser")}, clock_offset=-600)
    sign_in_by_sso(page, site, "dewi")

    text = page.locator("main").inner_text()
    assert "Tanda pengenal dari penyedia SSO tidak sah atau sudah kedaluwarsa" in text
    assert page.goto(f"{site.url}/account").status == 401
    assert _users(site.app) == []
    assert _sign_ins(site.app) == [("auth.sign_in_failure", "", "id_token_expired_token")]


def test_no_role_and_no_invitation_is_refused_with_a_clear_page_in_both_languages(page, browser, sso):
    site = sso({"tamu": person("tamu@example.go.id")})
    sign_in_by_sso(page, site, "tamu")
    assert page.locator("h1").inner_text() == "Akun belum terdaftar"
    assert "belum ada akun Lokakarya untuk tamu@example.go.id" in page.locator("main").inner_text()

    english = _fresh_page(browser)
    try:
        english.goto(f"{site.url}/lang/en")
        sign_in_by_sso(english, site, "tamu")
        assert english.locator("h1").inner_text() == "No account yet"
        assert "there is no Lokakarya account for tamu@example.go.id" in english.locator("main").inner_text()
    finally:
        english.context.close()
    assert _users(site.app) == []
    assert _sign_ins(site.app) == [("auth.sign_in_refused", "tamu@example.go.id", "no_role")] * 2


def test_an_invited_account_is_linked_by_email_only_when_the_provider_verified_it(page, browser, sso, make_user):
    invited = make_user("organiser", email="rina@kemenpan.go.id", password=None, name="Rina Invited")
    site = sso({"rina-at-idp": person("Rina@kemenpan.go.id", verified=False, name="Rina SSO")})
    sign_in_by_sso(page, site, "rina-at-idp")
    assert page.locator("h1").inner_text() == "E-mail belum terverifikasi"
    [user] = _users(site.app)
    assert user.oidc_subject is None

    site.provider.set_accounts({"rina-at-idp": person("Rina@kemenpan.go.id", verified=True)})
    again = _fresh_page(browser)
    try:
        sign_in_by_sso(again, site, "rina-at-idp")
        again.wait_for_url(f"{site.url}/tasks")
        assert "Rina Invited" in again.locator("header nav").inner_text()
    finally:
        again.context.close()
    [user] = _users(site.app)
    assert (user.id, user.oidc_subject, user.role) == (invited.id, "rina-at-idp", "organiser")
    assert [s[0] for s in _sign_ins(site.app)] == ["auth.sign_in_refused", "auth.sign_in_success"]


def test_a_second_sign_in_finds_the_account_by_subject_though_the_email_changed(page, browser, sso):
    site = sso({"budi": person("budi@lama.go.id", "organiser", name="Budi Santoso")})
    sign_in_by_sso(page, site, "budi")
    page.wait_for_url(f"{site.url}/tasks")
    [first] = _users(site.app)

    site.provider.set_accounts({"budi": person("budi@baru.go.id", "organiser", name="Budi Santoso")})
    again = _fresh_page(browser)
    try:
        sign_in_by_sso(again, site, "budi")
        again.wait_for_url(f"{site.url}/tasks")
        assert "Budi Santoso" in again.locator("header nav").inner_text()
    finally:
        again.context.close()
    [user] = _users(site.app)  # no second account
    assert user.id == first.id and user.oidc_subject == "budi"


def test_a_deactivated_account_is_refused(page, browser, sso):
    site = sso({"budi": person("budi@kemendagri.go.id", "organiser")})
    sign_in_by_sso(page, site, "budi")
    page.wait_for_url(f"{site.url}/tasks")
    [user] = _users(site.app)
    with site.app.app_context():
        from lokakarya.auth.services import set_active

        set_active(db.session.get(User, user.id), False)
        db.session.commit()

    again = _fresh_page(browser)
    try:
        sign_in_by_sso(again, site, "budi")
        assert again.locator("h1").inner_text() == "Akun dinonaktifkan"
        assert again.goto(f"{site.url}/account").status == 401
    finally:
        again.context.close()
    assert _sign_ins(site.app)[-1] == ("auth.sign_in_refused", "budi@kemendagri.go.id", "inactive")
