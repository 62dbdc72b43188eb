"""MAIL_DELIVER_INLINE=true under gunicorn (one sync worker): the mail server's health never
holds a request. The SMTP server here accepts the connection and says nothing until the test
lets it speak, so what is shown does not depend on timing."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from lokakarya.extensions import db as _db
from lokakarya.mail.delivery import LEASE
from lokakarya.mail.models import OutboxMessage
from lokakarya.timeutil import now_utc
from tests.registration.factory import make_agencies, make_event, person
from tests.smtp_servers import SilentServer, free_port

ROOT = Path(__file__).resolve().parents[2]
ANSWER_WITHIN = 20  # seconds a client waits; the silent server holds far longer (until released)


@pytest.fixture
def gunicorn(app, database_url, tmp_path):
    """gunicorn(**environment) → (base URL, process) of `gunicorn -w 1 app:app` on the test database."""
    started = []

    def start(**environment) -> tuple[str, subprocess.Popen]:
        port = free_port()
        env = {**os.environ, "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "instance"),
               "SECRET_KEY": "test-secret", "BASE_URL": "http://lokakarya.test", "RATELIMIT_ENABLED": "false",
               **environment}
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "app:app"], cwd=ROOT, env=env)
        started.append(server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(f"{base}/healthz", timeout=5)
                return base, server
            except requests.RequestException:  # not listening yet, or still loading the app
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    yield start
    for server in started:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        found = _db.session.execute(_db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        _db.session.expunge_all()
        return found


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "did not happen"
        time.sleep(0.1)


def open_event(app) -> int:
    with app.app_context():
        make_event(sessions=1)
        [agency] = make_agencies("17")
    return agency


def register(base: str, n: int, agency: int) -> requests.Response:
    return requests.post(f"{base}/api/v1/events/uji/registrations",
                         json={**person(n, agency), "consent": True}, timeout=ANSWER_WITHIN)


def test_registration_and_healthz_answer_while_the_smtp_server_holds_the_connection(app, gunicorn, smtp_server):
    agency = open_event(app)
    with SilentServer(relay_to=smtp_server.port) as silent:
        base, _server = gunicorn(MAIL_URL=silent.url, MAIL_DELIVER_INLINE="true", MAIL_TIMEOUT="600")
        assert register(base, 1, agency).status_code == 201
        assert silent.held.wait(ANSWER_WITHIN)  # the delivery pass is now waiting for the server
        # The only worker serves while its delivery thread waits.
        health = requests.get(f"{base}/healthz", timeout=ANSWER_WITHIN)
        assert (health.status_code, health.json()["status"]) == (200, "ok")
        assert register(base, 2, agency).status_code == 201
        assert smtp_server.messages == [] and [m.status for m in outbox(app)] == ["queued", "queued"]

        silent.release()  # the server speaks (the conversation is passed to aiosmtpd)
        wait_until(lambda: [m.status for m in outbox(app)] == ["sent", "sent"])
    assert sorted(recipients for _, recipients, _ in smtp_server.messages) == [
        ["peserta1@example.go.id"], ["peserta2@example.go.id"]]
    assert silent.connections == 1  # the second message went over the first one's connection


def test_a_worker_that_exits_mid_delivery_leaves_the_message_queued_for_the_next_pass(
        app, gunicorn, smtp_server, make_app):
    agency = open_event(app)
    with SilentServer() as silent:
        claimed_before = now_utc()
        base, server = gunicorn(MAIL_URL=silent.url, MAIL_DELIVER_INLINE="true", MAIL_TIMEOUT="600")
        assert register(base, 1, agency).status_code == 201
        assert silent.held.wait(ANSWER_WITHIN)
        server.send_signal(signal.SIGTERM)  # a restart or scale-down while the server is silent
        assert server.wait(timeout=ANSWER_WITHIN) == 0
    [message] = outbox(app)
    # Claimed by the pass that died: still queued, due again once its lease has run out.
    assert (message.status, message.attempts, message.last_error) == ("queued", 1, None)
    assert message.next_attempt_at >= claimed_before + LEASE

    cron_app = make_app(MAIL_URL=smtp_server.url)
    with cron_app.app_context():
        _db.session.get(OutboxMessage, message.id).next_attempt_at = now_utc()  # the lease ran out
        _db.session.commit()
        result = cron_app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert "sent 1, to retry 0, failed 0" in result.output
    assert [recipients for _, recipients, _ in smtp_server.messages] == [["peserta1@example.go.id"]]
