"""Daily jobs run once per day across workers; /healthz and /healthz/worker report the newest
heartbeat and the mail waiting."""
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from lokakarya.extensions import db as _db
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.timeutil import now_utc
from lokakarya.worker.daily import run_once_today
from lokakarya.worker.heartbeat import beat
from lokakarya.worker.models import WorkerHeartbeat

NOON_WIB = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


def test_a_daily_job_runs_once_a_day_and_again_the_next_day(app_ctx):
    runs = []
    assert run_once_today("purge", NOON_WIB, lambda: runs.append(1)) is True
    assert run_once_today("purge", NOON_WIB + timedelta(hours=6), lambda: runs.append(1)) is False
    # 17:00 UTC is midnight WIB: a new day there.
    assert run_once_today("purge", NOON_WIB + timedelta(hours=12), lambda: runs.append(1)) is True
    assert run_once_today("remind", NOON_WIB, lambda: runs.append(1)) is True  # each job its own day
    assert len(runs) == 3


def test_a_daily_job_that_failed_leaves_the_day_open(app_ctx):
    def broken():
        raise RuntimeError("the job broke")

    with pytest.raises(RuntimeError):
        run_once_today("purge", NOON_WIB, broken)
    _db.session.rollback()  # as the worker does
    runs = []
    assert run_once_today("purge", NOON_WIB, lambda: runs.append(1)) is True and runs == [1]


@pytest.mark.postgres
def test_two_workers_at_once_run_a_daily_job_once(app):
    runs, start = [], threading.Barrier(2)

    def work():
        runs.append(1)
        time.sleep(0.5)  # still running when the other worker tries

    def worker():
        with app.app_context():
            start.wait()
            run_once_today("purge", NOON_WIB, work)
            _db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert runs == [1]


def _queue_one(app) -> None:
    with app.test_request_context():
        queue(Draft(to="ani@example.go.id", subject="Pesan", text="Halo"), kind="test")
        _db.session.commit()


@pytest.mark.parametrize(("heartbeat_age", "mail_waiting", "status", "workers"), [
    (None, False, 200, 0),     # no worker ever, nothing to do: fine
    (None, True, 503, 0),      # mail waiting and no worker
    (5, True, 200, 1),         # a live worker
    (120, True, 503, 0),       # its last heartbeat two minutes ago: stalled
    (120, False, 200, 0),      # stale, but nothing waits
])
def test_healthz_worker_is_503_when_mail_waits_and_no_worker_beats(
        app, client, heartbeat_age, mail_waiting, status, workers):
    if heartbeat_age is not None:
        with app.app_context():
            beat("host-a:4242:abcdef")
            _db.session.execute(_db.update(WorkerHeartbeat).values(
                beat_at=now_utc() - timedelta(seconds=heartbeat_age)))
            _db.session.commit()
    if mail_waiting:
        _queue_one(app)
    answer = client.get("/healthz/worker")
    assert answer.status_code == status
    body = answer.get_json()
    assert body["status"] == ("ok" if status == 200 else "stalled")
    assert (body["workers"], body["mail_due"]) == (workers, int(mail_waiting))
    assert (body["last_heartbeat"] is None) == (heartbeat_age is None)
    if heartbeat_age is not None:
        assert body["heartbeat_age_seconds"] >= heartbeat_age
    # /healthz answers for the web process: 200 whatever the worker does, with the same report.
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["worker"]["mail_due"] == int(mail_waiting)


def test_healthz_worker_tells_how_long_the_oldest_message_has_waited(app, client):
    _queue_one(app)
    with app.app_context():
        _db.session.execute(_db.text("UPDATE outbox_messages SET next_attempt_at = :at"),
                            {"at": now_utc() - timedelta(minutes=3)})
        _db.session.commit()
    assert client.get("/healthz/worker").get_json()["oldest_due_seconds"] >= 180
