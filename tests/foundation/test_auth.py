"""Signing in, reset and invitation links, roles, logout, CSRF, cookies (throttling:
test_login_throttle.py; sessions ending: test_sessions.py)."""
import re
import time

from lokakarya.auth.services import find_user
from tests.conftest import login
from tests.foundation.conftest import link_in, outbox_rows


def text(response) -> str:
    return response.get_data(as_text=True)


def test_login_with_the_right_password_opens_the_account(client, make_user):
    user = make_user("province_focal_point", email="ani@example.go.id", name="Ani Lestari",
                     province_code="17")
    response = login(client, "ANI@example.go.id ")
    assert response.status_code == 302
    account = text(client.get("/account"))
    assert "Ani Lestari" in account and "Focal point provinsi" in account and "Bengkulu" in account
    assert user.email == "ani@example.go.id"


def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user("organiser", email="ani@example.go.id")
    response = login(client, "ani@example.go.id", "wrong-password-1")
    assert response.status_code == 401
    assert "E-mail atau kata sandi salah." in text(response)
    assert client.get("/account").status_code == 401


def test_unknown_address_gets_the_same_message(client):
    response = login(client, "nobody@example.go.id")
    assert response.status_code == 401
    assert "E-mail atau kata sandi salah." in text(response)


def _request_reset(client, app, email):
    response = client.post("/password/forgot", data={"email": email})
    assert response.status_code == 302
    rows = [r for r in outbox_rows(app) if r.kind == "password_reset"]
    return rows


def test_reset_link_sets_a_new_password_once(client, app, make_user):
    make_user("province_focal_point", email="budi@example.go.id", province_code="17")
    rows = _request_reset(client, app, "budi@example.go.id")
    assert len(rows) == 1 and rows[0].recipient == "budi@example.go.id"
    link = link_in(rows[0])
    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": "new-secret-77", "confirm": "new-secret-77"})
    assert done.status_code == 302
    client.post("/logout")
    assert login(client, "budi@example.go.id", "new-secret-77").status_code == 302
    client.post("/logout")
    assert login(client, "budi@example.go.id").status_code == 401  # the old password is gone
    reused = client.get(link)
    assert reused.status_code == 400
    assert "tidak berlaku atau sudah dipakai" in text(reused)
    again = client.post(link, data={"password": "other-secret-8", "confirm": "other-secret-8"})
    assert again.status_code == 400
    assert login(client, "budi@example.go.id", "other-secret-8").status_code == 401


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, app):
    response = client.post("/password/forgot", data={"email": "nobody@example.go.id"},
                           follow_redirects=True)
    assert "Jika alamat itu terdaftar" in text(response)
    assert outbox_rows(app) == []


def test_expired_reset_link_is_refused(client, app, make_user, monkeypatch):
    from lokakarya.auth.tokens import make_link_token
    from lokakarya.extensions import db

    make_user("organiser", email="ani@example.go.id")
    two_hours_ago = time.time() - 2 * 3600
    with app.test_request_context(), monkeypatch.context() as m:
        m.setattr(time, "time", lambda: two_hours_ago)  # the clock itsdangerous signs with
        token = make_link_token(find_user("ani@example.go.id"), "reset")
        db.session.remove()
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert "sudah kedaluwarsa" in text(response)
    posted = client.post(f"/password/reset/{token}", data={"password": "new-secret-77",
                                                           "confirm": "new-secret-77"})
    assert posted.status_code == 400
    assert login(client, "ani@example.go.id", "new-secret-77").status_code == 401


def test_weak_or_mismatched_new_password_is_refused(client, app, make_user):
    make_user("organiser", email="ani@example.go.id")
    link = link_in(_request_reset(client, app, "ani@example.go.id")[0])
    weak = client.post(link, data={"password": "abcdefghijkl", "confirm": "abcdefghijkl"})
    assert weak.status_code == 200 and "minimal 10 karakter" in text(weak)
    mismatch = client.post(link, data={"password": "new-secret-77", "confirm": "new-secret-78"})
    assert "Kedua kata sandi tidak sama." in text(mismatch)
    assert login(client, "ani@example.go.id", "abcdefghijkl").status_code == 401


def test_invitation_lets_a_focal_point_set_a_password_and_then_dies(client, app, login_as):
    login_as("organiser")
    response = client.post("/users/invite", data={
        "name": "Budi Santoso", "email": "budi@bengkuluprov.go.id", "role": "province_focal_point",
        "province_code": "17"})
    assert response.status_code == 302
    client.post("/logout")
    [invitation] = [r for r in outbox_rows(app) if r.kind == "invitation"]
    assert invitation.recipient == "budi@bengkuluprov.go.id"
    link = link_in(invitation)
    assert link.startswith("/invite/")
    # Not yet able to sign in: no password until the link is used.
    assert login(client, "budi@bengkuluprov.go.id", "").status_code != 302
    page = client.get(link)
    assert page.status_code == 200 and "Budi Santoso" in text(page)
    done = client.post(link, data={"password": "bengkulu-2026", "confirm": "bengkulu-2026"})
    assert done.status_code == 302
    assert "Budi Santoso" in text(client.get("/account"))
    client.post("/logout")
    assert client.get(link).status_code == 400
    assert login(client, "budi@bengkuluprov.go.id", "bengkulu-2026").status_code == 302


def test_staff_pages_give_focal_points_the_403_page(client, login_as):
    login_as("province_focal_point", province_code="17")
    for path in ("/users", "/agencies/", "/agencies/new", "/admin/outbox/"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Akses ditolak" in text(response)
    assert client.post("/users/invite", data={"email": "x@example.go.id"}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logout_is_post_only(client, login_as):
    login_as("organiser")
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/account").status_code == 401


def test_csrf_is_enforced_when_enabled(make_app, make_user):
    protected = make_app(WTF_CSRF_ENABLED=True)
    make_user("organiser", email="ani@example.go.id")
    client = protected.test_client()
    refused = login(client, "ani@example.go.id")
    assert refused.status_code == 400
    assert "Permintaan tidak valid" in text(refused)
    token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"',
                      text(client.get("/login"))).group(1)
    signed_in = client.post("/login", data={"email": "ani@example.go.id", "password": "correct-horse-9",
                                            "csrf_token": token})
    assert signed_in.status_code == 302
    forged = client.post("/users/invite", data={
        "name": "Budi", "email": "budi@example.go.id", "role": "province_focal_point",
        "province_code": "17"})
    assert forged.status_code == 400
    assert outbox_rows(protected) == []
    with protected.app_context():
        assert find_user("budi@example.go.id") is None
    # and the logout form carries its token, so it still works
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200


def _session_cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    make_user("organiser", email="ani@example.go.id")
    cookie = _session_cookie(login(client, "ani@example.go.id"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # BASE_URL is http:// in tests


def test_session_cookie_is_secure_when_base_url_is_https(make_app, make_user, monkeypatch):
    monkeypatch.setenv("BASE_URL", "https://lokakarya.example.go.id")
    secure = make_app()
    make_user("organiser", email="ani@example.go.id")
    cookie = _session_cookie(login(secure.test_client(), "ani@example.go.id"))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_an_unknown_address_costs_the_same_password_check_as_a_known_one(client, make_user, monkeypatch):
    """No timing oracle: the scrypt comparison runs whether or not the account exists."""
    import lokakarya.auth.passwords as passwords

    make_user("organiser", email="known@example.go.id")
    compared = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash", lambda h, p: compared.append(h) or real(h, p))
    client.post("/login", data={"email": "known@example.go.id", "password": "wrong-password-1"})
    client.post("/login", data={"email": "nobody@example.go.id", "password": "wrong-password-1"})
    assert len(compared) == 2
    assert all(h.startswith("scrypt:") for h in compared)
