"""What the settings change without a provider answering: the login page, PASSWORD_SIGN_IN=false
(SSO only), settings that cannot work, a provider that does not answer."""
import socket

import pytest

from lokakarya import create_app
from lokakarya.audit.models import AuditEntry
from lokakarya.extensions import db
from tests.conftest import login, strip_tags
from tests.conftest import test_config as app_config
from tests.foundation.conftest import link_in, mail_text, outbox_rows


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


def sso_settings(**extra) -> dict:
    return {"OIDC_ISSUER": f"http://127.0.0.1:{_closed_port()}", "OIDC_CLIENT_ID": "lokakarya",
            "OIDC_CLIENT_SECRET": "secret", **extra}


def test_without_sso_the_login_page_has_no_sso_button_and_the_routes_are_not_there(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Masuk dengan SSO" not in page and 'type="password"' in page
    assert client.get("/login/oidc").status_code == 404
    assert client.get("/login/oidc/callback?code=x&state=y").status_code == 404


def test_with_sso_the_login_page_offers_both(make_app):
    client = make_app(**sso_settings()).test_client()
    page = client.get("/login?next=/events/new").get_data(as_text=True)
    assert "Masuk dengan SSO" in page and 'href="/login/oidc?next=/events/new"' in page
    assert 'type="password"' in page


def test_a_provider_that_does_not_answer_gets_a_clear_page_not_an_error(make_app):
    client = make_app(**sso_settings()).test_client()
    response = client.get("/login/oidc")
    assert response.status_code == 502
    assert "Penyedia SSO tidak dapat dihubungi" in strip_tags(response.get_data(as_text=True))


def test_password_sign_in_off_refuses_passwords_unchecked_and_points_to_sso(app, make_app, make_user):
    user = make_user("organiser", email="rina@kemenpan.go.id")
    client = make_app(**sso_settings(PASSWORD_SIGN_IN=False)).test_client()

    page = client.get("/login").get_data(as_text=True)
    assert "Masuk dengan SSO" in page and 'type="password"' not in page
    response = login(client, user.email)  # the right password
    assert response.status_code == 403
    assert "Masuk dengan kata sandi tidak tersedia; gunakan SSO." in response.get_data(as_text=True)
    assert client.get("/account").status_code == 401  # not signed in
    with app.app_context():
        [entry] = db.session.execute(db.select(AuditEntry)).scalars().all()
        assert (entry.action, entry.actor_label, entry.after["reason"]) == (
            "auth.sign_in_refused", "rina@kemenpan.go.id", "password_sign_in_off")

    forgot = client.get("/password/forgot").get_data(as_text=True)
    assert "masuk dengan SSO" in forgot and 'type="email"' not in forgot
    assert client.post("/password/forgot", data={"email": user.email}).status_code == 403
    assert outbox_rows(app) == []  # no reset link sent


def test_password_sign_in_off_invitations_point_to_sso(app, make_app, make_user):
    sso_app = make_app(**sso_settings(PASSWORD_SIGN_IN=False))
    runner = sso_app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "budi@bengkuluprov.go.id", "--name", "Budi",
                                 "--role", "province_focal_point", "--province", "17"])
    assert result.exit_code == 0, result.output  # `flask users create` still works
    [mail] = outbox_rows(app)
    assert "Masuk melalui tautan berikut dengan SSO" in mail_text(mail)
    assert link_in(mail) == "/login"

    # A link sent while passwords were still on explains the way in now.
    invited = make_user("organiser", email="old@kemenpan.go.id", password=None)
    with app.app_context():
        from lokakarya.auth.tokens import make_link_token

        token = make_link_token(db.session.get(type(invited), invited.id), "invite")
    client = sso_app.test_client()
    page = strip_tags(client.get(f"/invite/{token}").get_data(as_text=True))
    assert "Masuk dengan SSO memakai akun organisasi Anda" in page
    assert client.post(f"/invite/{token}", data={"password": "rahasia-2020x", "confirm": "rahasia-2020x"}
                       ).status_code == 403
    with app.app_context():
        assert db.session.get(type(invited), invited.id).password_hash is None


@pytest.mark.parametrize(("settings", "message"), [
    ({"PASSWORD_SIGN_IN": False}, "PASSWORD_SIGN_IN=false leaves single sign-on as the only way in"),
    ({"OIDC_ISSUER": "https://sso.example.go.id/realms/x"}, "missing: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET"),
    ({**sso_settings(), "OIDC_SCOPES": "email profile"}, "OIDC_SCOPES must include openid"),
])
def test_settings_that_cannot_work_stop_the_start_with_a_clear_message(database_url, tmp_root, settings, message):
    with pytest.raises(RuntimeError, match=message):
        create_app(app_config(database_url, tmp_root, **settings))


@pytest.mark.parametrize("query", [
    {"code": "a-code", "state": "never-issued"},
    {"code": "a-code"},
    {"error": "access_denied", "error_description": "End-User aborted interaction"},
    {"code": "\x00", "state": "\x00" * 3, "next": "//evil.example"},
])
def test_a_callback_without_a_sign_in_started_here_is_refused_unchecked(app, make_app, query):
    client = make_app(**sso_settings()).test_client()  # nothing listens: nothing is asked of it
    response = client.get("/login/oidc/callback", query_string=query)
    assert response.status_code == 400
    assert "Masuk tidak dapat diselesaikan" in response.get_data(as_text=True)
    with app.app_context():
        [entry] = db.session.execute(db.select(AuditEntry)).scalars().all()
        assert entry.action == "auth.sign_in_failure" and entry.after["method"] == "sso"
