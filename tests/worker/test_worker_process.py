"""`flask worker` as a real process: delivers what is queued, shares the queue with another
worker without sending anything twice, stops cleanly on SIGTERM, and reports its heartbeat."""
import email
import re
import signal
from collections import Counter
from email import policy

import pytest

from lokakarya.extensions import db as _db
from lokakarya.mail.compose import Draft
from lokakarya.mail.models import OutboxMessage
from lokakarya.mail.outbox import queue
from lokakarya.timeutil import now_utc
from lokakarya.worker.models import DailyRun, WorkerHeartbeat
from tests.worker.processes import start_worker, stop, wait_for


def queue_messages(app, count: int, start: int = 0) -> None:
    with app.test_request_context():
        for n in range(start, start + count):
            queue(Draft(to=f"peserta{n}@example.go.id", subject=f"Pesan {n}", text=f"Halo {n}"),
                  kind="test", flush=False)
        _db.session.commit()


def received(server) -> Counter:
    return Counter(email.message_from_bytes(raw, policy=policy.default)["Subject"]
                   for _, _, raw in server.messages)


def heartbeats(app) -> int:
    with app.app_context():
        return _db.session.execute(_db.select(_db.func.count()).select_from(WorkerHeartbeat)).scalar()


def statuses(app) -> Counter:
    with app.app_context():
        return Counter(_db.session.execute(_db.select(OutboxMessage.status)).scalars())


def sent_by_log(output: str) -> int:
    return sum(int(n) for n in re.findall(r"mail: sent (\d+)", output))


@pytest.fixture
def worker_env(app, database_url, tmp_root, smtp_server):
    started = []

    def start(**env):
        started.append(start_worker(database_url, tmp_root, smtp_server.url, **env))
        return started[-1]

    yield start
    for worker in started:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()


def test_the_worker_delivers_mail_queued_while_it_runs_and_healthz_sees_it(app, client, smtp_server, worker_env):
    worker = worker_env()
    wait_for(lambda: heartbeats(app) == 1, "the worker's heartbeat", workers=[worker])
    health = client.get("/healthz").get_json()["worker"]
    assert health["workers"] == 1 and health["last_heartbeat"] is not None

    queue_messages(app, 5)  # queued after it started: LISTEN/NOTIFY (PostgreSQL) or its poll
    wait_for(lambda: len(smtp_server.messages) == 5, "five messages received", workers=[worker])
    wait_for(lambda: statuses(app) == Counter(sent=5), "five messages marked sent", workers=[worker])
    assert received(smtp_server) == Counter(f"Pesan {n}" for n in range(5))
    assert client.get("/healthz/worker").status_code == 200

    code, output = stop(worker)
    assert code == 0, output
    assert heartbeats(app) == 0  # a clean exit takes its heartbeat along
    with app.app_context():  # and it ran the daily jobs on its first round
        assert set(_db.session.execute(_db.select(DailyRun.job)).scalars()) == {"followup_remind", "privacy_purge"}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_worker_stopped_mid_queue_exits_0_and_the_next_one_sends_the_rest_once(
        app, smtp_server, worker_env, signum):
    smtp_server.delay = 0.02  # slow enough that the first worker is surely still at work
    total = 150
    queue_messages(app, total)
    first = worker_env()
    wait_for(lambda: len(smtp_server.messages) >= 10, "the first messages received", workers=[first])
    code, output = stop(first, signum)
    assert code == 0, output
    before = received(smtp_server)
    assert 10 <= sum(before.values()) < total and max(before.values()) == 1
    # What the server took is exactly what is marked sent; the rest is due again at once.
    with app.app_context():
        sent = set(_db.session.execute(
            _db.select(OutboxMessage.subject).where(OutboxMessage.status == "sent")).scalars())
        waiting = _db.session.execute(
            _db.select(OutboxMessage).where(OutboxMessage.status != "sent")).scalars().all()
        assert sent == set(before)
        assert {(m.status, m.attempts) for m in waiting} == {("queued", 0)}
        assert all(m.next_attempt_at <= now_utc() for m in waiting)

    smtp_server.delay = 0
    second = worker_env()
    wait_for(lambda: len(smtp_server.messages) >= total, "every message received", workers=[second])
    wait_for(lambda: statuses(app) == Counter(sent=total), "every message marked sent", workers=[second])
    assert received(smtp_server) == Counter(f"Pesan {n}" for n in range(total))  # each exactly once
    assert stop(second)[0] == 0


@pytest.mark.postgres
def test_two_workers_share_one_queue_and_send_nothing_twice(app, smtp_server, worker_env):
    total = 600
    workers = [worker_env(), worker_env()]
    wait_for(lambda: heartbeats(app) == 2, "both workers' heartbeats", workers=workers)
    queue_messages(app, total)  # one commit: one NOTIFY wakes both
    wait_for(lambda: statuses(app) == Counter(sent=total), "every message marked sent", workers=workers)
    assert received(smtp_server) == Counter(f"Pesan {n}" for n in range(total))
    outputs = [stop(worker) for worker in workers]
    assert [code for code, _ in outputs] == [0, 0], outputs
    shares = [sent_by_log(output) for _, output in outputs]
    assert sum(shares) == total and all(shares), shares  # both took part
    with app.app_context():  # the daily jobs ran once between them
        assert Counter(_db.session.execute(_db.select(DailyRun.job)).scalars()) == Counter(
            followup_remind=1, privacy_purge=1)
