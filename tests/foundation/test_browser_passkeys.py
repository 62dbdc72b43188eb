"""Passkeys in Chromium with its virtual authenticator (DevTools WebAuthn domain): one is added
on the account page, then used as the second step after the password, then alone from the
login page ("Masuk dengan passkey"). The app is reached as http://localhost:PORT because WebAuthn
refuses IP addresses as RP ID; BASE_URL says the same, and the RP ID and origin come from it."""
import pytest

from lokakarya.audit.models import AuditEntry
from lokakarya.auth.models import Passkey
from lokakarya.extensions import db

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-9"


@pytest.fixture
def site(app, live_server, monkeypatch):
    url = live_server.replace("127.0.0.1", "localhost")
    monkeypatch.setitem(app.config, "BASE_URL", url)
    return url


def virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True,
    }})
    return cdp


def sign_in_with_password(page, site, email):
    page.goto(f"{site}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def sign_out(page, site):
    page.locator("header nav").get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{site}/")  # signing out leads to the public event list


def methods(app):
    with app.app_context():
        return [(e.action, e.after.get("method")) for e in db.session.query(AuditEntry)
                .filter(AuditEntry.action.like("auth.sign_in%")).order_by(AuditEntry.id)]


def test_a_passkey_is_added_then_signs_in_after_the_password_and_alone(app, page, site, make_user):
    user = make_user("organiser", email="sari@kemenpan.go.id", password=PASSWORD, province_code="31")
    virtual_authenticator(page)

    sign_in_with_password(page, site, user.email)
    page.wait_for_url(f"{site}/tasks")
    page.goto(f"{site}/account")
    assert "Belum ada passkey." in page.locator("main").inner_text()
    adding = page.locator("form[data-passkey=register]")
    adding.get_by_label("Nama passkey").fill("Laptop kantor")
    adding.get_by_label("Kata sandi").fill(PASSWORD)  # adding a factor asks for the password
    adding.get_by_role("button", name="Tambah passkey").click()
    page.wait_for_url(f"{site}/account")
    assert page.locator(".flash").inner_text() == "Passkey “Laptop kantor” ditambahkan."
    assert "Laptop kantor · belum pernah dipakai" in page.get_by_test_id("passkeys").inner_text()
    sign_out(page, site)

    # With a passkey the password is only the first step.
    sign_in_with_password(page, site, user.email)
    page.wait_for_url(f"{site}/login/second-factor")
    assert "Kode dari aplikasi" not in page.locator("main").inner_text()  # no app: passkey only
    page.get_by_role("button", name="Gunakan passkey").click()
    page.wait_for_url(f"{site}/tasks")
    assert user.name in page.locator("header nav").inner_text()
    sign_out(page, site)

    # Without e-mail or password: the browser offers the site's passkey.
    page.goto(f"{site}/login")
    assert page.get_by_role("heading", name="Masuk dengan passkey").is_visible()
    with page.expect_request(f"{site}/login/passkey") as sent:
        page.get_by_role("button", name="Gunakan passkey").click()
    page.wait_for_url(f"{site}/tasks")
    assert user.name in page.locator("header nav").inner_text()
    # The same answer sent again (a captured form) signs nobody in: its challenge is used up.
    replay = page.context.request.post(f"{site}/login/passkey", data=sent.value.post_data, headers={
        "Content-Type": "application/x-www-form-urlencoded"}, max_redirects=0)
    assert replay.status == 302  # already signed in here: sent home, nothing recorded
    sign_out(page, site)
    with app.app_context():  # as synced passkeys do, which count nothing: only the challenge is left
        db.session.query(Passkey).update({"sign_count": 0})
        db.session.commit()
    replay = page.context.request.post(f"{site}/login/passkey", data=sent.value.post_data, headers={
        "Content-Type": "application/x-www-form-urlencoded"}, max_redirects=0)
    assert replay.status == 401 and "Masuk dengan passkey gagal" in replay.text()
    page.goto(f"{site}/login")
    page.get_by_role("button", name="Gunakan passkey").click()
    page.wait_for_url(f"{site}/tasks")
    page.goto(f"{site}/account")
    assert "Laptop kantor · terakhir dipakai" in page.get_by_test_id("passkeys").inner_text()
    assert "WIB" in page.get_by_test_id("passkeys").inner_text()

    assert methods(app) == [("auth.sign_in_success", "password"), ("auth.sign_in_success", "passkey"),
                            ("auth.sign_in_success", "passkey"), ("auth.sign_in_failure", "passkey"),
                            ("auth.sign_in_success", "passkey")]
    with app.app_context():
        stored = db.session.query(Passkey).one()
        assert stored.user_id == user.id and stored.sign_count >= 1 and stored.transports == "internal"


def test_a_passkey_of_another_site_or_none_signs_nobody_in(app, page, site, make_user):
    make_user("organiser", email="budi@kemenpan.go.id", password=PASSWORD)
    virtual_authenticator(page)  # an authenticator with no passkey for this site
    page.goto(f"{site}/login")
    page.get_by_role("button", name="Gunakan passkey").click()
    message = page.locator("[data-passkey-message]")
    message.wait_for()
    assert "Passkey tidak dipakai" in message.inner_text()
    assert "Keluar" not in page.locator("header nav").inner_text()


def test_second_factor_pages_fit_360_pixels(app, browser, site, make_user):
    user = make_user("organiser", email="tono@kemenpan.go.id", password=PASSWORD)
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in_with_password(page, site, user.email)
        page.wait_for_url(f"{site}/tasks")
        for path in ("/account", "/account/totp"):
            page.goto(f"{site}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
        qr = page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")
        assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the data: URI is allowed
        box = qr.bounding_box()
        assert box["width"] <= 360
    finally:
        context.close()
