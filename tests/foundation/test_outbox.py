"""The mail outbox: queued with the change, delivered afterwards, retried, visibly failed."""
import email
import time
import urllib.request
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from lokakarya.auth.services import create_user, find_user, send_invitation
from lokakarya.extensions import db
from lokakarya.mail.compose import Attachment, CalendarPart, Draft
from lokakarya.mail.delivery import MAX_ATTEMPTS, deliver_due
from lokakarya.mail.models import OutboxMessage
from lokakarya.mail.outbox import queue, queue_deferred
from lokakarya.timeutil import now_utc
from tests.foundation.conftest import outbox_rows
from tests.smtp_servers import StrictSmtpServer, free_port

ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\n"
       b"BEGIN:VEVENT\r\nUID:demo-1@lokakarya\r\nDTSTART:20201112T013000Z\r\n"
       b"DTEND:20201112T020000Z\r\nSUMMARY:Pembukaan\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_a_rolled_back_change_leaves_no_message(app):
    with app.test_request_context():
        user = create_user("budi@example.go.id", "Budi", "province_focal_point", province_code="17")
        send_invitation(user)
        assert db.session.execute(db.select(OutboxMessage)).scalars().all()  # visible inside
        db.session.rollback()  # e.g. a later step of the same request failed
    assert outbox_rows(app) == []
    with app.app_context():
        assert find_user("budi@example.go.id") is None


def test_a_committed_change_carries_its_message(app):
    with app.test_request_context():
        user = create_user("budi@example.go.id", "Budi", "province_focal_point", province_code="17")
        send_invitation(user)
        db.session.commit()
    [row] = outbox_rows(app)
    assert (row.recipient, row.status, row.attempts, row.kind) == ("budi@example.go.id", "queued", 0,
                                                                  "invitation")


def test_a_deferred_message_nobody_can_write_fails_at_once_with_the_reason(app):
    with app.test_request_context():
        queue_deferred("ani@example.go.id", "Undangan", "test", {"deferred": "no_such_writer"})
        db.session.commit()
    assert _deliver(app) == {"sent": 0, "retry": 0, "failed": 1}
    with app.app_context():
        row = db.session.execute(db.select(OutboxMessage)).scalar_one()
        assert (row.status, row.attempts) == ("failed", 1)  # retrying cannot help
        assert "no_such_writer" in row.last_error


def _queue(app, subject="Undangan", **draft):
    with app.test_request_context():
        row = queue(Draft(to="ani@example.go.id", subject=subject, text="Halo Ani", **draft), kind="test")
        db.session.commit()
        return row.id


def _message(app, message_id) -> OutboxMessage:
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        db.session.expunge(row)
        return row


def _deliver(app):
    with app.app_context():
        return deliver_due()


def _time_passes(app, message_id):
    """Make a message waiting for its next attempt due now."""
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id)
        row.next_attempt_at = now_utc() - timedelta(seconds=1)
        db.session.commit()


def test_smtp_down_keeps_the_message_and_retries_with_backoff_until_delivered(make_app):
    port = free_port()  # nothing listens here yet
    smtp_app = make_app(MAIL_URL=f"smtp://127.0.0.1:{port}")
    message_id = _queue(smtp_app, subject="Undangan Lokakarya")

    started = now_utc()
    assert _deliver(smtp_app) == {"sent": 0, "retry": 1, "failed": 0}
    first = _message(smtp_app, message_id)
    assert (first.status, first.attempts) == ("queued", 1)
    assert "Connection" in first.last_error
    assert first.next_attempt_at >= started + timedelta(minutes=1)

    assert _deliver(smtp_app) == {"sent": 0, "retry": 0, "failed": 0}  # not due yet: no hammering
    _time_passes(smtp_app, message_id)
    started = now_utc()
    _deliver(smtp_app)
    second = _message(smtp_app, message_id)
    assert (second.status, second.attempts) == ("queued", 2)
    assert second.next_attempt_at >= started + timedelta(minutes=2)  # the wait grows

    with StrictSmtpServer(port) as server:
        _time_passes(smtp_app, message_id)
        assert _deliver(smtp_app) == {"sent": 1, "retry": 0, "failed": 0}
    delivered = _message(smtp_app, message_id)
    assert (delivered.status, delivered.attempts, delivered.last_error) == ("sent", 3, None)
    [(sender, recipients, raw)] = server.messages
    assert recipients == ["ani@example.go.id"] and sender == "noreply@lokakarya.example.go.id"
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Undangan Lokakarya"
    assert parsed.get_body(("plain",)).get_content().strip() == "Halo Ani"
    assert _deliver(smtp_app) == {"sent": 0, "retry": 0, "failed": 0}  # never sent twice


def test_after_max_attempts_the_message_fails_visibly_and_can_be_retried(make_app, client, login_as):
    smtp_app = make_app(MAIL_URL=f"smtp://127.0.0.1:{free_port()}")
    message_id = _queue(smtp_app, subject="Pengingat acara")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        _time_passes(smtp_app, message_id)
        counts = _deliver(smtp_app)
        assert counts["failed"] == (1 if attempt == MAX_ATTEMPTS else 0)
    failed = _message(smtp_app, message_id)
    assert (failed.status, failed.attempts) == ("failed", MAX_ATTEMPTS)
    _time_passes(smtp_app, message_id)
    assert _deliver(smtp_app)["retry"] == 0  # failed messages wait for a person

    login_as("organiser")
    page = client.get("/admin/outbox/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Gagal (1)" in html and "Pengingat acara" in html and "ani@example.go.id" in html
    assert "ConnectionRefusedError" in html and f"{MAX_ATTEMPTS} / {MAX_ATTEMPTS}" in html
    assert "Kirim ulang" in html
    response = client.post("/admin/outbox/retry", data={"id": str(message_id)}, follow_redirects=True)
    assert "1 pesan dimasukkan kembali ke antrean." in response.get_data(as_text=True)
    again = _message(smtp_app, message_id)
    assert (again.status, again.attempts) == ("queued", 0)
    with StrictSmtpServer(int(smtp_app.config["MAIL_URL"].rsplit(":", 1)[1])) as server:
        assert _deliver(smtp_app)["sent"] == 1
    assert len(server.messages) == 1


def test_outbox_page_is_in_english_and_filters_by_status(make_app, client, login_as):
    file_app = make_app()
    sent_id = _queue(file_app, subject="Sudah terkirim")
    _deliver(file_app)
    _queue(file_app, subject="Masih antre")
    login_as("organiser")
    client.get("/lang/en")
    html = client.get("/admin/outbox/?status=queued").get_data(as_text=True)
    assert "Outbox" in html and "Queued (1)" in html and "Sent (1)" in html
    assert "Masih antre" in html and "Sudah terkirim" not in html
    assert f'data-testid="message-{sent_id}"' in client.get("/admin/outbox/?status=sent").get_data(as_text=True)


def test_default_delivery_writes_an_eml_that_parses_with_calendar_and_attachment(make_app, tmp_path):
    file_app = make_app(OUTBOX_DIR=str(tmp_path / "outbox"))
    message_id = _queue(
        file_app, subject="Undangan: Pembukaan",
        html="<p>Halo <b>Ani</b></p>",
        calendar=CalendarPart(ICS, "REQUEST"),
        attachments=(Attachment("invite.ics", "application/ics", ICS),
                     Attachment("agenda.pdf", "application/pdf", b"%PDF-1.4 demo")),
    )
    assert _deliver(file_app)["sent"] == 1
    eml = Path(tmp_path / "outbox" / f"{message_id:08d}.eml")
    parsed = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert parsed["To"] == "ani@example.go.id" and parsed["Subject"] == "Undangan: Pembukaan"
    assert parsed["Message-ID"].endswith("@lokakarya.test>")
    parts = {part.get_content_type(): part for part in parsed.walk()}
    calendar = parts["text/calendar"]
    assert calendar.get_param("method") == "REQUEST"
    assert b"UID:demo-1@lokakarya" in calendar.get_payload(decode=True)
    assert parts["text/html"].get_content().strip() == "<p>Halo <b>Ani</b></p>"
    names = sorted(p.get_filename() for p in parsed.iter_attachments())
    assert names == ["agenda.pdf", "invite.ics"]


def test_without_inline_delivery_mail_waits_for_the_worker(client, app, make_user):
    make_user("organiser", email="ani@example.go.id")
    client.post("/password/forgot", data={"email": "ani@example.go.id"})
    [row] = outbox_rows(app)
    assert row.status == "queued"


@pytest.fixture
def served(make_app, tmp_path):
    """An app with inline delivery, served over real HTTP."""
    inline_app = make_app(MAIL_DELIVER_INLINE=True, OUTBOX_DIR=str(tmp_path / "outbox"))
    server = make_server("127.0.0.1", 0, inline_app, threaded=True)
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield inline_app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_inline_delivery_sends_after_the_response(served, make_user, tmp_path):
    inline_app, base = served
    make_user("organiser", email="ani@example.go.id")
    request = urllib.request.Request(f"{base}/password/forgot", data=b"email=ani%40example.go.id",
                                     method="POST")
    with urllib.request.urlopen(request) as response:  # follows the redirect to /login
        assert response.status == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and outbox_rows(inline_app)[0].status != "sent":
        time.sleep(0.05)
    [row] = outbox_rows(inline_app)
    assert row.status == "sent"
    eml = (tmp_path / "outbox" / f"{row.id:08d}.eml").read_bytes()
    assert email.message_from_bytes(eml, policy=policy.default)["To"] == "ani@example.go.id"


def test_outbox_page_runs_a_constant_number_of_statements(make_app, client, login_as, query_counter):
    file_app = make_app()
    login_as("organiser")
    _queue(file_app)

    def measure():
        with query_counter() as n:
            assert client.get("/admin/outbox/").status_code == 200
        return n[0]

    few = measure()
    for i in range(20):
        _queue(file_app, subject=f"Pesan {i}")
    _deliver(file_app)
    _queue(file_app)
    assert measure() == few


@pytest.mark.postgres
def test_two_workers_at_once_send_each_message_exactly_once(make_app):
    """Rows are claimed with FOR UPDATE SKIP LOCKED, so parallel `flask mail deliver` runs share
    the queue instead of sending the same message twice."""
    import threading

    port = free_port()
    smtp_app = make_app(MAIL_URL=f"smtp://127.0.0.1:{port}")
    ids = [_queue(smtp_app, subject=f"Pesan {i}") for i in range(30)]
    results = []
    with StrictSmtpServer(port) as server:
        workers = [threading.Thread(target=lambda: results.append(_deliver(smtp_app))) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    subjects = sorted(email.message_from_bytes(raw)["Subject"] for _, _, raw in server.messages)
    assert subjects == sorted(f"Pesan {i}" for i in range(30))
    assert sum(r["sent"] for r in results) == 30
    assert {_message(smtp_app, i).status for i in ids} == {"sent"}
