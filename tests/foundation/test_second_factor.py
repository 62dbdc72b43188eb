"""Two-factor sign-in with an authenticator app (TOTP): set-up on /account, codes accepted one
step either side of now and only once, wrong codes refused with growing waits per account,
recovery codes good once, roles that must have a second factor, removal asks for the password.
(Passkeys in a real browser: test_browser_passkeys.py.)"""
import re
import time

import pyotp
import pytest

from lokakarya.audit.models import AuditEntry
from lokakarya.auth.models import Passkey, User
from lokakarya.auth.totp import new_recovery_codes
from lokakarya.extensions import db
from tests.conftest import login, strip_tags

SECRET = pyotp.random_base32()


def text(response) -> str:
    return response.get_data(as_text=True)


def code_at(offset_seconds: float = 0, secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).at(time.time() + offset_seconds)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The time the app, the limiter's storage and the codes read, still unless moved by hand:
    a slow machine must not carry a test across a 30-second step."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.fixture
def with_app(app, make_user):
    """with_app(role) → a user with the authenticator app (SECRET) and ten recovery codes."""

    def make(role="organiser", **kwargs):
        user = make_user(role, **kwargs)
        with app.app_context():
            row = db.session.get(User, user.id)
            row.totp_secret = SECRET
            codes = new_recovery_codes(row)
            db.session.commit()
        user.codes = codes
        return user

    return make


def second_step(client, code, method="totp", address=None):
    return client.post(f"/login/second-factor?method={method}", data={"code": code},
                       environ_base={"REMOTE_ADDR": address} if address else {})


def sign_in_entries(app):
    with app.app_context():
        return [(e.action, (e.after or {}).get("method"), (e.after or {}).get("reason"))
                for e in db.session.query(AuditEntry).filter(AuditEntry.action.like("auth.sign_in%"))
                .order_by(AuditEntry.id)]


def test_setting_up_the_app_shows_a_qr_code_then_recovery_codes_once(app, client, login_as):
    user = login_as("organiser")
    page = client.get("/account")
    assert "Belum dipasang." in text(page)
    setup = client.get("/account/totp")
    assert setup.status_code == 200
    html = text(setup)
    assert re.search(r'<img src="data:image/svg\+xml[^"]+" alt="Kode QR', html)
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    token = re.search(r'name="setup" type="hidden" value="([^"]+)"', html).group(1)

    password = "correct-horse-9"
    wrong = client.post("/account/totp", data={"setup": token, "code": "000000", "password": password})
    assert wrong.status_code == 400 and "Kode tidak cocok" in text(wrong)
    # Adding a factor asks for the password: a borrowed session cannot tie its own app to the account.
    borrowed = client.post("/account/totp", data={"setup": token, "code": code_at(0, secret),
                                                  "password": "guessed-wrong-1"})
    assert borrowed.status_code == 400 and "Kata sandi salah." in text(borrowed)
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret is None
    done = client.post("/account/totp", data={"setup": token, "code": code_at(0, secret), "password": password})
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", text(done))
    assert len(set(codes)) == 10
    with app.app_context():
        row = db.session.get(User, user.id)
        assert row.totp_secret == secret and row.totp_last_step == int(time.time() // 30)
    account = text(client.get("/account"))
    assert "Kode pemulihan tersisa: 10 dari 10." in account
    assert secret not in account and codes[0] not in account  # never shown again

    client.post("/logout")
    assert login(client, user.email).headers["Location"] == "/login/second-factor"
    # The set-up code is used up: the sign-in needs the next one.
    assert second_step(client, code_at(0, secret)).status_code == 401
    assert second_step(client, code_at(30, secret)).headers["Location"] == "/tasks"


def test_the_password_alone_does_not_sign_in(app, client, with_app):
    user = with_app()
    response = login(client, user.email)
    assert response.status_code == 302 and response.headers["Location"] == "/login/second-factor"
    assert client.get("/account").status_code == 401  # not signed in yet
    step = client.get("/login/second-factor")
    assert "Kode dari aplikasi autentikator" in text(step)
    assert second_step(client, code_at()).headers["Location"] == "/tasks"
    assert client.get("/account").status_code == 200
    assert sign_in_entries(app) == [("auth.sign_in_success", "totp", None)]


def test_the_second_step_keeps_where_the_user_was_going(client, with_app):
    user = with_app()
    client.post("/login?next=/users", data={"email": user.email, "password": "correct-horse-9"})
    assert second_step(client, code_at()).headers["Location"] == "/users"


@pytest.mark.parametrize("offset, accepted", [(-60, False), (-30, True), (0, True), (30, True), (60, False)])
def test_codes_are_accepted_one_step_either_side(client, with_app, offset, accepted):
    user = with_app()
    login(client, user.email)
    assert second_step(client, code_at(offset)).status_code == (302 if accepted else 401)


def test_a_code_is_good_once_and_older_codes_are_refused_after_it(app, client, with_app):
    user = with_app()
    login(client, user.email)
    assert second_step(client, code_at()).status_code == 302
    client.post("/logout")

    login(client, user.email)
    replay = second_step(client, code_at())
    assert replay.status_code == 401 and "Kode salah atau sudah dipakai." in text(replay)
    assert second_step(client, code_at(-30)).status_code == 401  # an earlier step: refused too
    assert second_step(client, code_at(30)).status_code == 302
    assert [e[:2] for e in sign_in_entries(app)] == [
        ("auth.sign_in_success", "totp"), ("auth.sign_in_failure", "totp"),
        ("auth.sign_in_failure", "totp"), ("auth.sign_in_success", "totp")]


def test_wrong_codes_are_throttled_per_account_from_any_address(app, make_app, with_app, clock):
    user = with_app()
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    login(client, user.email)
    answers = [second_step(client, "123456" if code_at() != "123456" else "654321") for _ in range(5)]
    assert [a.status_code for a in answers] == [401] * 5
    assert "Kode salah atau sudah dipakai. Coba lagi dalam 2 detik." in text(answers[4])
    # While the account waits even the right code is refused unchecked, from another address too.
    refused = second_step(client, code_at(), address="198.51.100.9")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "2"
    assert "Terlalu banyak kode yang salah. Coba lagi dalam 2 detik." in text(refused)
    assert ("auth.sign_in_refused", "totp", "throttled") in sign_in_entries(app)
    # A right password does not start the count afresh (the waits are the second step's own).
    login(client, user.email)
    assert second_step(client, code_at()).status_code == 429
    clock[0] += 2.1
    assert second_step(client, code_at()).status_code == 302


def test_a_recovery_code_works_once(app, client, with_app):
    user = with_app()
    login(client, user.email)
    page = client.get("/login/second-factor?method=recovery_code")
    assert "Masuk dengan kode pemulihan" in text(page)
    assert second_step(client, user.codes[3].upper().replace("-", " "), "recovery_code").status_code == 302
    assert "Kode pemulihan tersisa: 9 dari 10." in text(client.get("/account"))
    client.post("/logout")

    login(client, user.email)
    again = second_step(client, user.codes[3], "recovery_code")
    assert again.status_code == 401 and "Kode pemulihan salah atau sudah dipakai." in text(again)
    assert [e[:2] for e in sign_in_entries(app)] == [
        ("auth.sign_in_success", "recovery_code"), ("auth.sign_in_failure", "recovery_code")]


def test_the_second_step_expires_after_five_minutes(client, with_app, clock):
    user = with_app()
    assert client.get("/login/second-factor").headers["Location"] == "/login"  # no password yet
    login(client, user.email)
    clock[0] += 301
    expired = second_step(client, code_at())
    assert expired.headers["Location"] == "/login"
    assert "Langkah masuk sudah kedaluwarsa" in text(client.get("/login"))


def test_a_reset_link_does_not_skip_the_second_factor(app, client, with_app):
    from lokakarya.auth.tokens import make_link_token

    user = with_app()
    with app.app_context():
        token = make_link_token(db.session.get(User, user.id), "reset")
    answer = client.post(f"/password/reset/{token}", data={"password": "new-horse-battery-7",
                                                          "confirm": "new-horse-battery-7"})
    assert answer.headers["Location"] == "/login/second-factor"
    assert client.get("/account").status_code == 401
    assert second_step(client, code_at()).status_code == 302


def test_removing_the_app_asks_for_the_password(app, client, with_app):
    user = with_app()
    login(client, user.email)
    second_step(client, code_at())
    wrong = client.post("/account/totp/remove", data={"password": "not-my-password-1"}, follow_redirects=True)
    assert "Kata sandi salah. Tidak ada yang diubah." in text(wrong)
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret == SECRET
    right = client.post("/account/totp/remove", data={"password": "correct-horse-9"}, follow_redirects=True)
    assert "Aplikasi autentikator dilepas" in text(right) and "Belum dipasang." in text(right)
    client.post("/logout")
    assert login(client, user.email).headers["Location"] == "/tasks"  # the password alone again


def test_new_recovery_codes_replace_the_old_ones(client, with_app):
    user = with_app()
    login(client, user.email)
    second_step(client, code_at())
    fresh = client.post("/account/recovery-codes", data={"password": "correct-horse-9"})
    codes = re.findall(r"<code>([a-z2-9-]{14})</code>", text(fresh))
    assert len(codes) == 10 and user.codes[0] not in codes
    client.post("/logout")
    login(client, user.email)
    assert second_step(client, user.codes[0], "recovery_code").status_code == 401
    assert second_step(client, codes[0], "recovery_code").status_code == 302


def test_required_roles_are_sent_to_set_up_a_second_factor_first(app, make_app, make_user):
    organiser = make_user("organiser")
    focal = make_user("province_focal_point", province_code="17")
    required = make_app(SECOND_FACTOR_REQUIRED="admin, organiser")
    client = required.test_client()
    assert login(client, organiser.email).status_code == 302
    for path in ("/", "/users", "/agencies/", "/events/new"):
        assert client.get(path).headers.get("Location") == "/account", path
    account = client.get("/account")
    assert account.status_code == 200
    assert "Peran Anda wajib memakai faktor kedua" in text(account)
    assert text(account).count('id="password"') == 1  # the passkey form's password field has its own id
    setup = text(client.get("/account/totp"))
    token = re.search(r'name="setup" type="hidden" value="([^"]+)"', setup).group(1)
    assert client.post("/account/totp", data={"setup": token, "password": "correct-horse-9", "code": code_at(
        0, re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', setup).group(1).replace(" ", ""))}).status_code == 200
    assert client.get("/").status_code == 200  # set up: the rest opens

    other = required.test_client()  # a role the setting does not name signs in as before
    login(other, focal.email)
    assert other.get("/").status_code == 200


def test_an_unknown_role_stops_the_start_up(make_app):
    with pytest.raises(ValueError, match="SECOND_FACTOR_REQUIRED: unknown role 'boss'"):
        make_app(SECOND_FACTOR_REQUIRED="admin,boss")


def test_the_account_page_lists_passkeys_in_constant_queries(app, client, login_as, query_counter):
    user = login_as("organiser", province_code="51")  # Bali: times in WITA

    def add(n):
        with app.app_context():
            for i in range(n):
                db.session.add(Passkey(user_id=user.id, credential_id=f"cred-{n}-{i}", public_key=b"k",
                                       name=f"Kunci {n}-{i}", last_used_at=None if i else _instant()))
            db.session.commit()

    add(1)
    with query_counter() as few:
        page = client.get("/account")
    assert "Kunci 1-0 · terakhir dipakai Kamis, 12 November 2020 09.30 WITA" in strip_tags(text(page))
    add(6)
    with query_counter() as many:
        page = client.get("/account")
    assert "Kunci 6-5 · belum pernah dipakai" in strip_tags(text(page))
    assert few[0] == many[0]


def _instant():
    from datetime import UTC, datetime

    return datetime(2020, 11, 12, 1, 30, tzinfo=UTC)


def test_a_lost_phone_is_reset_from_the_command_line(app, client, with_app):
    user = with_app()
    with app.app_context():
        db.session.add(Passkey(user_id=user.id, credential_id="lost", public_key=b"k", name="Ponsel"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "reset-second-factor", "--email", user.email])
    assert result.exit_code == 0, result.output
    assert "authenticator app, 1 passkey(s)" in result.output
    assert login(client, user.email).headers["Location"] == "/tasks"  # the password alone again
    with app.app_context():
        assert db.session.query(AuditEntry).filter_by(action="user.second_factor_reset").one().actor_label == "cli"
    unknown = app.test_cli_runner().invoke(args=["users", "reset-second-factor", "--email", "x@example.go.id"])
    assert unknown.exit_code != 0 and "no user with e-mail" in unknown.output


def test_after_a_failed_passkey_sign_in_the_password_form_still_signs_in(client, make_user):
    user = make_user("organiser")
    failed = client.post("/login/passkey?next=/users", data={"credential": "{}", "state": "x"})
    assert failed.status_code == 401
    assert "Masuk dengan passkey gagal" in text(failed)
    # The password form's action is /login (this page answers at /login/passkey), `next` kept.
    target = re.search(r'<form method="post" action="([^"]+)" novalidate>', text(failed)).group(1)
    assert target == "/login?next=/users"
    answer = client.post(target, data={"email": user.email, "password": "correct-horse-9"})
    assert answer.headers["Location"] == "/users"


def test_the_requirement_is_for_password_sign_ins_not_single_sign_on(make_app, make_user):
    from lokakarya.auth.sign_in import finish_sign_in

    user = make_user("organiser")
    required = make_app(SECOND_FACTOR_REQUIRED="organiser")
    for method, sent_to_set_up in (("password", True), ("sso", False)):
        with required.test_request_context("/users"):
            finish_sign_in(db.session.get(User, user.id), method)
            answer = required.preprocess_request()  # the before-request rules, as for a real request
            assert (answer is not None and answer.headers["Location"] == "/account") == sent_to_set_up, method
            db.session.rollback()
