"""Sign-in throttling: failures slow down the pair (account, client address) with growing waits,
never lock the account; the owner from another address always gets in; a right password starts
the pair afresh; the per-address limit stays; refusals say when to try again, in both languages.
(Across two gunicorn workers sharing Redis: tests/test_limits_across_workers.py.)"""
import time

import pytest

from lokakarya.auth.throttle import MAX_WAIT, wait_after
from lokakarya.core.errors import try_again_in

EMAIL = "ani@example.go.id"
STRANGER, OWNER = "203.0.113.7", "198.51.100.20"


def attempt(client, address, password="nope-nope-1", email=EMAIL):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def clock(monkeypatch):
    """The time the app and the limiter storage (limits' memory storage) read, moved by hand."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])

    def advance(seconds: float) -> None:
        now[0] += seconds

    return advance


@pytest.fixture
def limited(make_app, make_user):
    make_user("organiser", email=EMAIL)
    return make_app(RATELIMIT_ENABLED=True).test_client()


@pytest.mark.parametrize("failures, wait", [
    (1, 0), (4, 0), (5, 2), (6, 4), (7, 8), (8, 16), (13, 512), (14, MAX_WAIT), (100, MAX_WAIT),
])
def test_waits_double_after_five_failures_up_to_a_cap(failures, wait):
    assert wait_after(failures) == wait
    assert MAX_WAIT == 15 * 60


def test_a_strangers_failures_never_keep_the_owner_out(limited):
    answers = [attempt(limited, STRANGER) for _ in range(5)]
    assert [a.status_code for a in answers] == [401] * 5
    assert "Coba lagi" not in text(answers[3])
    assert "E-mail atau kata sandi salah. Coba lagi dalam 2 detik." in text(answers[4])
    # The stranger's pair waits, even with the right password (refused without comparing it) …
    refused = attempt(limited, STRANGER, "correct-horse-9")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "2"
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 2 detik." in text(refused)
    # … while the owner, from their own address, signs in at once.
    assert attempt(limited, OWNER, "correct-horse-9").status_code == 302


def test_another_account_from_the_same_address_is_not_held_up(limited, make_user):
    make_user("organiser", email="budi@example.go.id")
    for _ in range(5):
        attempt(limited, STRANGER)
    assert attempt(limited, STRANGER).status_code == 429
    assert attempt(limited, STRANGER, "correct-horse-9", email="budi@example.go.id").status_code == 302


def test_waits_grow_with_each_failure_and_end(limited, clock):
    for _ in range(5):
        attempt(limited, STRANGER)
    assert "Coba lagi dalam 2 detik." in text(attempt(limited, STRANGER))  # 429, still waiting
    clock(2.1)
    sixth = attempt(limited, STRANGER)
    assert sixth.status_code == 401 and "Coba lagi dalam 4 detik." in text(sixth)
    clock(3.5)
    waiting = attempt(limited, STRANGER)
    assert waiting.status_code == 429 and "Coba lagi dalam 1 detik." in text(waiting)
    clock(1.1)
    seventh = attempt(limited, STRANGER)
    assert seventh.status_code == 401 and "Coba lagi dalam 8 detik." in text(seventh)
    clock(8.1)
    assert attempt(limited, STRANGER, "correct-horse-9").status_code == 302


def test_long_waits_are_told_in_minutes(limited, clock):
    for failures in range(1, 15):
        response = attempt(limited, STRANGER)
        assert response.status_code == 401
        clock(wait_after(failures) + 0.1)
        if failures % 8 == 0:
            clock(61)  # past the per-address minute as well
    assert "Coba lagi dalam 15 menit." in text(response)  # the 14th: the cap
    clock(-(MAX_WAIT + 0.1) + 300)  # five minutes into that wait
    assert "Coba lagi dalam 10 menit." in text(attempt(limited, STRANGER))


def test_a_right_password_starts_the_pair_afresh(limited, clock):
    for _ in range(4):
        attempt(limited, STRANGER)
    assert attempt(limited, STRANGER, "correct-horse-9").status_code == 302
    limited.post("/logout")
    clock(61)  # a new minute for the per-address limit
    answers = [attempt(limited, STRANGER) for _ in range(5)]
    assert [a.status_code for a in answers] == [401] * 5
    assert "Coba lagi" not in text(answers[3])  # four more free failures, not one
    assert "Coba lagi dalam 2 detik." in text(answers[4])


def test_unknown_addresses_are_throttled_alike(limited):
    """The answers do not tell whether an account exists."""
    known = [attempt(limited, STRANGER).status_code for _ in range(6)]
    unknown = [attempt(limited, OWNER, email="nobody@example.go.id").status_code for _ in range(6)]
    assert known == unknown == [401] * 5 + [429]


def test_refusals_in_english(limited):
    limited.get("/lang/en")
    answers = [attempt(limited, STRANGER) for _ in range(5)]
    assert "Wrong e-mail or password." in text(answers[0])
    assert "Wrong e-mail or password. Try again in 2 seconds." in text(answers[4])
    refused = attempt(limited, STRANGER)
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts. Try again in 2 seconds." in text(refused)


def test_no_lock_out_after_the_wait(limited, clock):
    """What used to lock the account for 15 minutes now costs the stranger's pair 2 seconds."""
    for _ in range(5):
        attempt(limited, STRANGER)
    clock(2.1)
    assert attempt(limited, STRANGER, "correct-horse-9").status_code == 302


def test_eleventh_login_post_from_one_address_in_a_minute_gets_the_429_page(limited, make_user):
    """The per-address limit holds whichever accounts are tried (each pair stays below five)."""
    answers = [attempt(limited, STRANGER, email=f"user{i}@example.go.id") for i in range(11)]
    assert [a.status_code for a in answers] == [401] * 10 + [429]
    page = text(answers[10])
    assert "Terlalu banyak permintaan" in page and "Coba lagi dalam" in page
    assert 0 < int(answers[10].headers["Retry-After"]) <= 60
    assert attempt(limited, STRANGER, "correct-horse-9").status_code == 429
    assert attempt(limited, OWNER, "correct-horse-9").status_code == 302  # another address
    assert limited.get("/login").status_code == 200  # only POSTs are limited


@pytest.mark.parametrize("seconds, indonesian, english", [
    (1, "Coba lagi dalam 1 detik.", "Try again in 1 second."),
    (2, "Coba lagi dalam 2 detik.", "Try again in 2 seconds."),
    (59, "Coba lagi dalam 59 detik.", "Try again in 59 seconds."),
    (60, "Coba lagi dalam 1 menit.", "Try again in 1 minute."),
    (61, "Coba lagi dalam 2 menit.", "Try again in 2 minutes."),
    (900, "Coba lagi dalam 15 menit.", "Try again in 15 minutes."),
])
def test_when_to_try_again_in_words(app, seconds, indonesian, english):
    with app.test_request_context("/"):
        assert try_again_in(seconds) == indonesian
    with app.test_request_context("/?lang=en"):
        assert try_again_in(seconds) == english


def test_api_rate_limit_says_when_to_try_again(make_app):
    from tests.registration.factory import make_agencies, make_event, person

    limited_app = make_app(RATELIMIT_ENABLED=True, REGISTRATION_RATE_LIMIT="1 per minute")
    with limited_app.app_context():
        make_event()
        [agency] = make_agencies("17")
    client, url = limited_app.test_client(), "/api/v1/events/uji/registrations"
    assert client.post(url, json={**person(1, agency), "consent": True}).status_code == 201
    refused = client.post(url, json={**person(2, agency), "consent": True})
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert refused.get_json()["error"]["message"] in ("Coba lagi dalam 1 menit.", "Coba lagi dalam 59 detik.")
    assert int(refused.headers["Retry-After"]) in (59, 60)
    english = client.post(url + "?lang=en", json={**person(3, agency), "consent": True}).get_json()
    assert english["error"]["message"].startswith("Try again in ")


DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_limits_go_on_in_memory_when_redis_does_not_answer(make_app, make_user, demo):
    """Redis down is no 500: sign-in throttling and the per-address limits count in the
    process's memory until it answers again."""
    make_user("organiser", email=EMAIL)
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=DEAD_REDIS).test_client()
    try:
        answers = [attempt(client, STRANGER) for _ in range(6)]
        assert [a.status_code for a in answers] == [401] * 5 + [429]
        assert "Coba lagi dalam 2 detik" in text(answers[5])
        assert attempt(client, OWNER, "correct-horse-9").status_code == 302
        # A rate-limited public route answers too.
        assert client.post(f"/events/{demo['event']}/register", data={}).status_code < 500
    finally:
        make_app(RATELIMIT_ENABLED=True)  # the limiter is shared: give it memory storage back
