"""Sessions end for good: a session cookie copied before logout, a password change or a reset by
the e-mailed link no longer signs anyone in afterwards (the user's session version moved on)."""
import pytest

from lokakarya.auth.services import find_user
from tests.conftest import login
from tests.foundation.conftest import link_in, outbox_rows

EMAIL = "ani@example.go.id"


def signed_in(client) -> bool:
    """What a browser holding this cookie sees: the staff page, or the way to the login page."""
    response = client.get("/users")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and response.headers["Location"].startswith("/login"), response
    return False


def replay(app, client):
    """A second browser holding a copy of `client`'s session cookie, taken now."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _logout(app, client):
    assert client.post("/logout").status_code == 302
    return client, False  # (the client that acted, whether it is still signed in)


def _change_password(app, client):
    response = client.post("/account/password", data={
        "current_password": "correct-horse-9", "password": "new-secret-77", "confirm": "new-secret-77"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client, True  # the browser that changed it stays signed in


def _reset_by_link(app, client):
    stranger = app.test_client()  # e.g. a phone that only has the e-mail
    assert stranger.post("/password/forgot", data={"email": EMAIL}).status_code == 302
    [row] = [r for r in outbox_rows(app) if r.kind == "password_reset"]
    done = stranger.post(link_in(row), data={"password": "new-secret-77", "confirm": "new-secret-77"})
    assert done.status_code == 302
    assert signed_in(stranger)  # the reset signs in the browser that used the link
    return client, False


ENDINGS = {"logout": _logout, "password change": _change_password, "password reset": _reset_by_link}


@pytest.mark.parametrize("ending", ENDINGS)
def test_copied_cookies_and_other_sessions_end(app, make_user, ending):
    make_user("organiser", email=EMAIL)
    browser, laptop = app.test_client(), app.test_client()
    assert login(browser, EMAIL).status_code == 302
    assert login(laptop, EMAIL).status_code == 302  # the same person, signed in elsewhere
    copy = replay(app, browser)
    assert signed_in(copy) and signed_in(browser) and signed_in(laptop)  # the copy works, before

    actor, still_in = ENDINGS[ending](app, browser)

    assert not signed_in(copy)
    assert not signed_in(laptop)
    assert signed_in(actor) is still_in
    assert copy.get("/account").status_code == 401


def test_a_copy_taken_after_the_password_change_keeps_working(app, make_user):
    """The session that changed the password carries the new version (it was not ended)."""
    make_user("organiser", email=EMAIL)
    browser = app.test_client()
    login(browser, EMAIL)
    _change_password(app, browser)
    assert signed_in(replay(app, browser))


def test_signing_in_again_after_logout_works(app, make_user):
    make_user("organiser", email=EMAIL)
    browser = app.test_client()
    login(browser, EMAIL)
    browser.post("/logout")
    assert login(browser, EMAIL).status_code == 302
    assert signed_in(browser)


def test_a_cookie_from_before_session_versions_is_refused(app, make_user):
    """Sessions signed in before the upgrade name only the user id: they end (sign in again)."""
    user = make_user("organiser", email=EMAIL)
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert not signed_in(browser)


def test_login_sets_no_remember_me_cookie(app, make_user):
    """Sessions live in the session cookie only; no long-lived remember-me cookie to replay."""
    make_user("organiser", email=EMAIL)
    response = login(app.test_client(), EMAIL)
    assert response.status_code == 302
    assert not [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token")]


def test_session_version_moves_with_each_ending(app, make_user):
    make_user("organiser", email=EMAIL)
    browser = app.test_client()

    def version():
        from lokakarya.extensions import db

        with app.app_context():
            value = find_user(EMAIL).session_version
            db.session.remove()
            return value

    first = version()
    login(browser, EMAIL)
    assert version() == first  # signing in ends nothing
    browser.post("/logout")
    assert version() == first + 1


# --- changing the password on /account ----------------------------------------------------

def _change(client, current="correct-horse-9", new="new-secret-77", confirm=None):
    return client.post("/account/password", data={"current_password": current, "password": new,
                                                   "confirm": new if confirm is None else confirm})


def test_account_page_offers_the_password_change(client, login_as):
    login_as("province_focal_point", province_code="17")
    page = client.get("/account").get_data(as_text=True)
    for name in ("current_password", "password", "confirm"):
        assert f'name="{name}"' in page
    assert "Ganti kata sandi" in page


@pytest.mark.parametrize("lang, message", [
    ("id", "Kata sandi diganti. Sesi lain akun ini telah diakhiri."),
    ("en", "Password changed. Your other sessions of this account have been ended."),
])
def test_password_change_takes_the_new_password_and_is_audited(client, app, make_user, lang, message):
    from lokakarya.audit.models import AuditEntry
    from lokakarya.extensions import db

    user = make_user("province_focal_point", email=EMAIL, province_code="17")
    login(client, EMAIL)
    client.get(f"/lang/{lang}")
    response = _change(client, new="bengkulu-2026")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert message in client.get("/account").get_data(as_text=True)
    client.post("/logout")
    assert login(client, EMAIL).status_code == 401  # the old password is gone
    assert login(client, EMAIL, "bengkulu-2026").status_code == 302
    with app.app_context():
        [entry] = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "user.password_change")).scalars().all()
        assert (entry.actor_id, entry.object_id) == (user.id, str(user.id))
        assert entry.before is None and entry.after is None  # no hashes in the log


@pytest.mark.parametrize("lang, fields, field, message", [
    ("id", {"current": "wrong-horse-9"}, "current_password", "Kata sandi saat ini salah."),
    ("en", {"current": "wrong-horse-9"}, "current_password", "The current password is wrong."),
    ("id", {"new": "abcdefghijkl"}, "password",
     "Kata sandi minimal 10 karakter dan memadukan huruf dengan angka atau tanda baca."),
    ("en", {"new": "1234567890123"}, "password",
     "The password needs at least 10 characters mixing letters with digits or punctuation."),
    ("id", {"new": "new-secret-77", "confirm": "new-secret-78"}, "confirm", "Kedua kata sandi tidak sama."),
    ("en", {"new": "new-secret-77", "confirm": "new-secret-78"}, "confirm", "The two passwords differ."),
])
def test_bad_password_change_is_refused_with_a_message_and_changes_nothing(
        client, app, make_user, lang, fields, field, message):
    make_user("organiser", email=EMAIL)
    login(client, EMAIL)
    other = app.test_client()
    login(other, EMAIL)
    client.get(f"/lang/{lang}")
    response = _change(client, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}"' in page and 'aria-invalid="true"' in page
    assert signed_in(other)  # nothing ended
    client.post("/logout")
    assert login(client, EMAIL).status_code == 302  # the password is unchanged


def test_password_change_needs_a_signed_in_user(client):
    assert _change(client).status_code == 401
