"""Limits hold across workers: gunicorn with two sync workers sharing Redis (REDIS_URL) lets
through exactly what the limits say, however the requests fall on the workers. The control run
starts the same server without REDIS_URL: each worker counts alone in its own memory and lets
through about twice as much (what the issue measured), and gunicorn warns about it at start-up.

Needs Redis on 127.0.0.1:6379 (TEST_REDIS_URL, default database 3, flushed before and after each
test). Requests come "from" chosen addresses through X-Forwarded-For (PROXY_COUNT=1).
"""
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from lokakarya.config import unshared_limits_warning
from lokakarya.extensions import db as _db

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
LOGIN_LIMIT = 10  # per address and minute: lokakarya.auth.views.LOGIN_RATE_LIMIT
FREE_FAILURES = 5  # per account and address before the first wait: lokakarya.auth.throttle
REGISTRATION_LIMIT = 30
CLIENTS = 8

pytestmark = pytest.mark.redis


def test_documented_limits_are_the_ones_the_app_applies():
    from lokakarya.auth import throttle, views

    assert views.LOGIN_RATE_LIMIT == f"{LOGIN_LIMIT} per minute"
    assert throttle.FREE_FAILURES == FREE_FAILURES


@pytest.mark.parametrize("workers, env, warned", [
    (2, {}, True),
    (4, {"RATELIMIT_ENABLED": "true"}, True),
    (1, {}, False),  # one worker: its memory is the whole count
    (2, {"REDIS_URL": "redis://redis:6379/0"}, False),
    (2, {"RATELIMIT_ENABLED": "false"}, False),  # nothing is limited
])
def test_start_up_warning_when_workers_would_share_nothing(monkeypatch, workers, env, warned):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("RATELIMIT_ENABLED", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    warning = unshared_limits_warning(workers)
    assert bool(warning) is warned
    if warned:
        assert f"{workers} times" in warning and "REDIS_URL" in warning


# --- two gunicorn workers ----------------------------------------------------------------

@dataclass
class Server:
    url: str
    storage: str
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_URL} (set TEST_REDIS_URL)")
    return client


@pytest.fixture
def redis_db():
    client = _redis()
    client.flushdb()  # only the test database
    yield client
    client.flushdb()


def _start(storage: str, database_url: str, tmp_root: Path) -> tuple[subprocess.Popen, Server]:
    port = free_port()
    log = tmp_root / f"gunicorn-{storage}-{port}.log"
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "limits-test",
           "INSTANCE_PATH": str(tmp_root / "instance"), "BASE_URL": f"http://127.0.0.1:{port}",
           "RATELIMIT_ENABLED": "true", "REGISTRATION_RATE_LIMIT": f"{REGISTRATION_LIMIT} per minute",
           "PROXY_COUNT": "1", "MAIL_DELIVER_INLINE": "false", "MAIL_URL": ""}
    env.pop("REDIS_URL", None)
    if storage == "redis":
        env["REDIS_URL"] = REDIS_URL
    # From the repository root, so gunicorn reads gunicorn.conf.py (the start-up warning).
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--no-control-socket", "app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    return process, Server(url, storage, log)
            except requests.RequestException:  # not listening yet, or the worker still booting
                time.sleep(0.1)
        pytest.fail("gunicorn did not start: " + log.read_text())
    except BaseException:
        process.kill()
        process.wait(timeout=30)
        raise


@pytest.fixture(scope="module")
def servers(app, database_url, tmp_root):
    """Both servers, started once for the module; each test uses addresses of its own."""
    _redis()
    started = {}
    try:
        for storage in ("redis", "memory"):
            started[storage] = _start(storage, database_url, tmp_root)
        yield {storage: server for storage, (_process, server) in started.items()}
    finally:  # stop what did start, even when the other did not
        for process, _server in started.values():
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture
def shared(servers, redis_db) -> Server:
    return servers["redis"]


@pytest.fixture
def unshared(servers, redis_db) -> Server:
    return servers["memory"]


def burst(jobs: list, send) -> Counter:
    """Send the jobs from CLIENTS threads at once (each with its own HTTP session); statuses."""
    local = threading.local()

    def one(job):
        if not hasattr(local, "http"):
            local.http = requests.Session()
        return send(local.http, job)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return Counter(pool.map(one, jobs))


def login_sender(server: Server, address: str, password: str = "wrong-horse-9"):
    def send(http: requests.Session, email: str) -> int:
        page = http.get(f"{server.url}/login").text  # the form's CSRF token and its session
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        return http.post(f"{server.url}/login", data={"email": email, "password": password, "csrf_token": token},
                         headers={"X-Forwarded-For": address}, allow_redirects=False, timeout=60).status_code
    return send


@pytest.fixture
def accounts(app):
    """40 accounts sharing one password hash (hashing 40 times would be slow)."""
    from werkzeug.security import generate_password_hash

    from lokakarya.auth.models import User

    digest = generate_password_hash("correct-horse-9", method="scrypt")
    with app.app_context():
        users = [User(email=f"staf{i}@example.go.id", name=f"Staf {i}", role="organiser",
                      password_hash=digest) for i in range(40)]
        _db.session.add_all(users)
        _db.session.commit()
        emails = [u.email for u in users]
        _db.session.remove()
    return emails


def forty_accounts_from_one_address(server: Server, accounts: list[str]) -> Counter:
    """The per-address limit: 40 wrong passwords, each for another account (no pair reaches
    its own limit), from one address."""
    return burst(accounts, login_sender(server, "203.0.113.10"))


def test_login_attempts_per_address_across_two_workers_are_the_documented_limit(shared, accounts):
    counts = forty_accounts_from_one_address(shared, accounts)
    assert counts == {401: LOGIN_LIMIT, 429: 40 - LOGIN_LIMIT}, counts


def test_control_run_memory_storage_lets_each_worker_count_alone(unshared, accounts):
    counts = forty_accounts_from_one_address(unshared, accounts)
    assert sum(counts.values()) == 40 and set(counts) <= {401, 429}
    assert counts[401] > LOGIN_LIMIT, counts  # the test above would fail here: e.g. 20 checked
    assert "set REDIS_URL" in unshared.log.read_text()


def waits_passed(seconds: float) -> int:
    """How many of the pair's waits (2, 4, 8 … s, one after another) fit into `seconds`: each
    lets one more attempt be checked."""
    passed, elapsed, wait = 0, 0.0, 2
    while elapsed + wait < seconds:
        elapsed, wait, passed = elapsed + wait, wait * 2, passed + 1
    return passed


def one_account_from_one_address(server: Server, email: str, address: str) -> tuple[Counter, float]:
    """40 wrong passwords for one account from one address, one after another (a new connection
    each: either worker may take it); the statuses and the seconds it took."""
    send, http = login_sender(server, address), requests.Session()
    began = time.monotonic()
    counts = Counter(send(http, email) for _ in range(40))
    return counts, time.monotonic() - began


def test_one_pairs_failures_are_counted_across_workers(shared, accounts):
    counts, seconds = one_account_from_one_address(shared, accounts[0], "203.0.113.20")
    checked = counts[401]
    assert FREE_FAILURES <= checked <= FREE_FAILURES + waits_passed(seconds), (counts, seconds)
    assert counts[429] == 40 - checked
    # The owner, from their own address, is let in at once by either worker (four browsers).
    owner = login_sender(shared, "198.51.100.20", "correct-horse-9")
    assert [owner(requests.Session(), accounts[0]) for _ in range(4)] == [302] * 4


def test_control_run_memory_storage_doubles_a_pairs_free_failures(unshared, accounts):
    counts, seconds = one_account_from_one_address(unshared, accounts[1], "203.0.113.21")
    assert counts[401] > FREE_FAILURES + waits_passed(seconds), (counts, seconds)  # e.g. 10


def test_a_burst_on_one_pair_is_checked_one_attempt_at_a_time(shared, accounts):
    """Attempts of one pair at the same moment on both workers: the others wait their turn, so a
    burst cannot slip past the count before the first failures are recorded."""
    began = time.monotonic()
    counts = burst([accounts[2]] * 40, login_sender(shared, "203.0.113.22"))
    assert 1 <= counts[401] <= FREE_FAILURES + waits_passed(time.monotonic() - began), counts
    assert counts[401] + counts[429] == 40


def registrations_from_one_address(app, server: Server, address: str) -> Counter:
    from tests.registration.factory import make_agencies, make_event, person

    with app.app_context():
        make_event()
        [agency] = make_agencies("17")
        _db.session.remove()

    def send(http: requests.Session, n: int) -> int:
        return http.post(f"{server.url}/api/v1/events/uji/registrations",
                         json={**person(n, agency), "consent": True},
                         headers={"X-Forwarded-For": address}, timeout=60).status_code

    return burst(list(range(1, 301)), send)


def test_anonymous_registrations_across_two_workers_are_the_documented_limit(app, shared):
    from lokakarya.registration.models import Registration

    counts = registrations_from_one_address(app, shared, "203.0.113.30")
    assert counts == {201: REGISTRATION_LIMIT, 429: 300 - REGISTRATION_LIMIT}, counts
    with app.app_context():
        assert _db.session.query(Registration).count() == REGISTRATION_LIMIT
        _db.session.remove()


def test_control_run_memory_storage_lets_each_worker_register_its_own_limit(app, unshared):
    counts = registrations_from_one_address(app, unshared, "203.0.113.31")
    assert sum(counts.values()) == 300 and set(counts) <= {201, 429}
    assert counts[201] > REGISTRATION_LIMIT, counts  # e.g. 60 of 300 for a limit of 30


def test_no_warning_when_the_workers_share_redis(shared):
    assert "set REDIS_URL" not in shared.log.read_text()
