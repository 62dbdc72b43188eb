"""Delivery passes: one SMTP connection per pass, one message's failure is its own, explicit
timeouts against a server that never answers, and nothing lost or sent twice."""
import email
import threading
from datetime import timedelta
from email import policy

import pytest
from sqlalchemy import event as sa_event

from lokakarya.extensions import db as _db
from lokakarya.mail.compose import Draft
from lokakarya.mail.delivery import CLAIM_BATCH, LEASE, deliver_due
from lokakarya.mail.models import OutboxMessage
from lokakarya.mail.outbox import queue
from lokakarya.timeutil import now_utc
from tests.smtp_servers import SilentServer


def queue_messages(app, recipients: list[str]) -> list[int]:
    with app.test_request_context():
        rows = [queue(Draft(to=to, subject=f"Pesan {n}", text=f"Halo {to}"), kind="test")
                for n, to in enumerate(recipients)]
        _db.session.commit()
        return [row.id for row in rows]


def rows(app) -> dict[int, OutboxMessage]:
    with app.app_context():
        found = _db.session.execute(_db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        _db.session.expunge_all()
        return {row.id: row for row in found}


def deliver(app, **kwargs) -> dict[str, int]:
    with app.app_context():
        return deliver_due(**kwargs)


def subjects(server) -> list[str]:
    return sorted(email.message_from_bytes(raw, policy=policy.default)["Subject"] for _, _, raw in server.messages)


def test_a_pass_sends_every_due_message_over_one_connection(make_app, smtp_server):
    smtp_app = make_app(MAIL_URL=smtp_server.url)
    queue_messages(smtp_app, [f"peserta{n}@example.go.id" for n in range(12)])
    assert deliver(smtp_app) == {"sent": 12, "retry": 0, "failed": 0}
    assert smtp_server.connections == 1
    assert subjects(smtp_server) == sorted(f"Pesan {n}" for n in range(12))  # each exactly once
    assert [recipients for _, recipients, _ in smtp_server.messages] == [
        [f"peserta{n}@example.go.id"] for n in range(12)]
    assert deliver(smtp_app) == {"sent": 0, "retry": 0, "failed": 0}
    assert smtp_server.connections == 1  # nothing due: no connection at all


def test_a_refused_recipient_fails_that_message_only(make_app, smtp_server):
    smtp_server.unknown.add("tidakada@example.go.id")
    smtp_app = make_app(MAIL_URL=smtp_server.url)
    first, refused, last = queue_messages(
        smtp_app, ["ani@example.go.id", "tidakada@example.go.id", "budi@example.go.id"])
    assert deliver(smtp_app) == {"sent": 2, "retry": 0, "failed": 1}
    held = rows(smtp_app)
    assert (held[first].status, held[last].status) == ("sent", "sent")
    # 550 is final: retrying the same address cannot help, so it shows as failed at once.
    assert held[refused].status == "failed"
    assert held[refused].last_error.startswith("the SMTP server refused the recipient: 550 5.1.1")
    assert smtp_server.connections == 1  # RSET, and the session went on
    assert subjects(smtp_server) == ["Pesan 0", "Pesan 2"]


def test_a_message_that_breaks_the_connection_is_retried_and_the_rest_go_over_a_new_one(make_app, smtp_server):
    smtp_server.hang_up.add("putus@example.go.id")
    smtp_app = make_app(MAIL_URL=smtp_server.url)
    first, broken, last = queue_messages(
        smtp_app, ["ani@example.go.id", "putus@example.go.id", "budi@example.go.id"])
    started = now_utc()
    assert deliver(smtp_app) == {"sent": 2, "retry": 1, "failed": 0}
    held = rows(smtp_app)
    assert (held[first].status, held[last].status) == ("sent", "sent")
    assert (held[broken].status, held[broken].attempts) == ("queued", 1)
    assert held[broken].next_attempt_at >= started + timedelta(minutes=1)
    assert held[broken].last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert smtp_server.connections == 2


@pytest.mark.parametrize("greeting", [b"", b"220 mail.example.go.id ESMTP\r\n"],
                         ids=["silent from the start", "silent after the greeting"])
def test_a_server_that_never_answers_is_given_up_after_mail_timeout_and_nothing_is_lost(
        make_app, smtp_server, greeting):
    with SilentServer(greeting=greeting) as silent:
        silent_app = make_app(MAIL_URL=silent.url, MAIL_TIMEOUT=0.5)
        tried, waiting = queue_messages(silent_app, ["ani@example.go.id", "budi@example.go.id"])
        started = now_utc()
        assert deliver(silent_app) == {"sent": 0, "retry": 1, "failed": 0}
        assert silent.connections == 1  # the pass stopped: no connection tried per message
    held = rows(silent_app)
    assert (held[tried].status, held[tried].attempts) == ("queued", 1)
    assert held[tried].next_attempt_at >= started + timedelta(minutes=1)
    assert held[tried].last_error == (
        f"ServerUnavailable: the SMTP server 127.0.0.1:{silent.port} did not answer within 0.5 s")
    assert (held[waiting].status, held[waiting].attempts, held[waiting].last_error) == ("queued", 0, None)

    # The server is back (here: another one): both go, once each.
    smtp_app = make_app(MAIL_URL=smtp_server.url)
    with smtp_app.app_context():
        _db.session.get(OutboxMessage, tried).next_attempt_at = now_utc()
        _db.session.commit()
    assert deliver(smtp_app) == {"sent": 2, "retry": 0, "failed": 0}
    assert subjects(smtp_server) == ["Pesan 0", "Pesan 1"]


def test_mail_timeout_comes_from_the_environment(monkeypatch, tmp_path):
    from lokakarya.config import from_environment

    assert from_environment(tmp_path)["MAIL_TIMEOUT"] == 5
    monkeypatch.setenv("MAIL_TIMEOUT", "2.5")
    assert from_environment(tmp_path)["MAIL_TIMEOUT"] == 2.5


def test_a_claimed_message_of_a_pass_that_died_is_sent_after_its_lease(make_app, smtp_server):
    """A worker that exits mid-pass leaves its message claimed, not lost: due again after LEASE."""
    smtp_app = make_app(MAIL_URL=smtp_server.url)
    [message_id] = queue_messages(smtp_app, ["ani@example.go.id"])
    with smtp_app.app_context():  # what a pass that died after claiming leaves behind
        row = _db.session.get(OutboxMessage, message_id)
        row.attempts, row.next_attempt_at = 1, now_utc() + LEASE
        _db.session.commit()
    assert deliver(smtp_app) == {"sent": 0, "retry": 0, "failed": 0}  # its pass may still be running
    with smtp_app.app_context():
        _db.session.get(OutboxMessage, message_id).next_attempt_at = now_utc()  # the lease ran out
        _db.session.commit()
    assert deliver(smtp_app) == {"sent": 1, "retry": 0, "failed": 0}
    assert rows(smtp_app)[message_id].attempts == 2


@pytest.mark.postgres
def test_two_passes_at_once_deliver_each_message_exactly_once(make_app, smtp_server):
    smtp_app = make_app(MAIL_URL=smtp_server.url)
    count = 4 * CLAIM_BATCH  # several batches each, so both passes take part
    queue_messages(smtp_app, [f"peserta{n}@example.go.id" for n in range(count)])
    results, start = [], threading.Barrier(2)

    def one_pass():
        start.wait()
        results.append(deliver(smtp_app, limit=count))

    passes = [threading.Thread(target=one_pass) for _ in range(2)]
    for thread in passes:
        thread.start()
    for thread in passes:
        thread.join()
    assert subjects(smtp_server) == sorted(f"Pesan {n}" for n in range(count))
    assert sum(r["sent"] for r in results) == count and all(r["sent"] for r in results), results  # both took part
    assert smtp_server.connections == 2
    assert {row.status for row in rows(smtp_app).values()} == {"sent"}


@pytest.mark.parametrize("count", [1, CLAIM_BATCH, 3 * CLAIM_BATCH + 7])
def test_a_pass_commits_once_per_batch_not_once_per_message(make_app, smtp_server, count):
    """A commit costs milliseconds on a busy PostgreSQL: outcomes are committed per claimed
    batch (a crash resends at most that batch), so a pass of hundreds of messages a second."""
    smtp_app = make_app(MAIL_URL=smtp_server.url)
    queue_messages(smtp_app, [f"peserta{n}@example.go.id" for n in range(count)])
    commits = []
    with smtp_app.app_context():
        def counted(_connection):
            commits.append(1)

        sa_event.listen(_db.engine, "commit", counted)
        try:
            assert deliver_due(limit=1000) == {"sent": count, "retry": 0, "failed": 0}
        finally:
            sa_event.remove(_db.engine, "commit", counted)
    batches = -(-count // CLAIM_BATCH)
    assert len(commits) <= 2 * batches + 1  # claim+compose, outcomes; and the empty last claim
    assert len(smtp_server.messages) == count
    assert {row.status for row in rows(smtp_app).values()} == {"sent"}


@pytest.mark.parametrize("connections", [2, 3, 5])
def test_a_pass_over_several_connections_sends_each_message_once_and_keeps_failures_apart(
        make_app, smtp_server, connections):
    smtp_server.unknown.add("tidakada@example.go.id")
    smtp_server.hang_up.add("putus@example.go.id")
    smtp_app = make_app(MAIL_URL=smtp_server.url, MAIL_CONNECTIONS=connections)
    recipients = [f"peserta{n}@example.go.id" for n in range(3 * CLAIM_BATCH)]
    recipients[7], recipients[60] = "tidakada@example.go.id", "putus@example.go.id"
    ids = queue_messages(smtp_app, recipients)
    assert deliver(smtp_app, limit=1000) == {"sent": len(ids) - 2, "retry": 1, "failed": 1}
    assert subjects(smtp_server) == sorted(f"Pesan {n}" for n in range(len(ids)) if n not in (7, 60))
    assert connections <= smtp_server.connections <= connections + 1  # + the one that hung up
    held = rows(smtp_app)
    assert (held[ids[7]].status, held[ids[60]].status) == ("failed", "queued")
    assert sum(row.status == "sent" for row in held.values()) == len(ids) - 2


def test_a_pass_over_several_connections_loses_nothing_when_the_server_is_silent(make_app, smtp_server):
    with SilentServer() as silent:
        silent_app = make_app(MAIL_URL=silent.url, MAIL_TIMEOUT=0.5, MAIL_CONNECTIONS=3)
        ids = queue_messages(silent_app, [f"peserta{n}@example.go.id" for n in range(10)])
        counts = deliver(silent_app)
    assert counts["sent"] == 0 and counts["failed"] == 0 and 1 <= counts["retry"] <= 3
    held = rows(silent_app)
    # The first message of each lane was tried; the rest were given back untouched, due now.
    assert sorted(row.attempts for row in held.values()) == [0] * (10 - counts["retry"]) + [1] * counts["retry"]
    assert all(row.status == "queued" for row in held.values())
    smtp_app = make_app(MAIL_URL=smtp_server.url)
    with smtp_app.app_context():
        _db.session.execute(_db.update(OutboxMessage).values(next_attempt_at=now_utc()))
        _db.session.commit()
    assert deliver(smtp_app) == {"sent": 10, "retry": 0, "failed": 0}
    assert subjects(smtp_server) == sorted(f"Pesan {n}" for n in range(10))
    assert len(ids) == 10
