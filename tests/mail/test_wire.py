"""Messages as they go on the wire: CRLF, lines within RFC 5321/5322 limits, 7-bit; the strict
test server refuses what a standards-following MTA refuses; rows stored in the old form still go."""
import email
import re
import smtplib
from email import policy
from email.message import EmailMessage

import pytest

from lokakarya.extensions import db as _db
from lokakarya.mail.compose import Attachment, CalendarPart, Draft, compose, wire_bytes
from lokakarya.mail.delivery import deliver_due
from lokakarya.mail.drafts import to_json
from lokakarya.mail.models import OutboxMessage
from lokakarya.mail.wire import for_the_wire, is_clean

ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
       b"UID:demo-1@lokakarya\r\nDTSTART:20201112T013000Z\r\nDTEND:20201112T020000Z\r\n"
       b"SUMMARY:Pembukaan \xe2\x80\x94 " + b"panjang " * 20 + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 20

DRAFTS = {
    "plain ASCII": Draft(to="ani@example.go.id", subject="Undangan", text="Halo Ani\nSampai jumpa."),
    "non-ASCII text and subject": Draft(
        to="ani@example.go.id", subject="Pendaftaran terkonfirmasi: Lokakarya — Wilayah I",
        text="Halo Déwi Ñoman,\nJadwal: Kamis, 12 November 2020 09.00–10.00 WIB\n"),
    "a line of 5,000 ASCII characters": Draft(
        to="ani@example.go.id", subject="Tautan", text="https://lokakarya.test/r/" + "a" * 5000 + "\nakhir"),
    "a subject of 300 characters": Draft(
        to="ani@example.go.id", subject="Lokakarya Penerapan Standar Pelayanan Publik — " * 6, text="isi"),
    "lines ending CR LF, CR alone and LF": Draft(
        to="ani@example.go.id", subject="Catatan", text="satu\r\ndua\rtiga\nempat"),
    "calendar and attachments": Draft(
        to="ani@example.go.id", subject="Undangan: Pembukaan", text="Halo Ani", html="<p>Halo <b>Ani</b></p>",
        calendar=CalendarPart(ICS, "REQUEST"),
        attachments=(Attachment("invite.ics", "application/ics", ICS),
                     Attachment("sertifikat Déwi.pdf", "application/pdf", PDF))),
}


def lines_of(raw: bytes) -> list[bytes]:
    assert raw.endswith(b"\r\n")
    return raw[:-2].split(b"\r\n")


@pytest.mark.parametrize("name", DRAFTS)
def test_every_message_is_crlf_7bit_within_line_limits_and_reads_back_the_same(name):
    draft = DRAFTS[name]
    raw = wire_bytes(compose(draft, "Lokakarya <noreply@lokakarya.example.go.id>"))
    assert re.search(rb"\r(?!\n)|(?<!\r)\n", raw) is None  # no bare CR or LF
    assert raw.isascii()  # nothing relies on 8BITMIME
    assert max(len(line) for line in lines_of(raw)) <= 998
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert max(len(line) for line in lines_of(head + b"\r\n")) <= 78  # headers folded
    assert not re.search(rb"[ \t]\r\n", head)  # no space left before a fold
    assert is_clean(raw)

    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == " ".join(draft.subject.split())
    expected_text = draft.text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip("\n") == expected_text
    if draft.calendar:
        [calendar] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert calendar.get_payload(decode=True) == ICS and calendar.get_param("method") == "REQUEST"
    assert {p.get_filename(): p.get_payload(decode=True) for p in message.iter_attachments()} == {
        a.filename: a.data for a in draft.attachments}


def test_a_subject_typed_with_a_line_break_still_makes_one_header():
    raw = wire_bytes(compose(Draft(to="a@example.go.id", subject="Sesi\r\nbaru", text="x"), "n@example.go.id"))
    assert email.message_from_bytes(raw, policy=policy.default)["Subject"] == "Sesi baru"


def _old_form(draft: Draft) -> bytes:
    """What the outbox stored before: policy.default, bare LF, 8-bit UTF-8 bodies."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "noreply@lokakarya.example.go.id", draft.to, draft.subject
    msg["Message-ID"] = "<lama-1@lokakarya.test>"
    msg.set_content(draft.text, charset="utf-8")
    msg.add_alternative(ICS, maintype="text", subtype="calendar", params={"method": "REQUEST"})
    return msg.as_bytes()


def test_a_message_stored_in_the_old_form_goes_out_as_the_same_message(make_app, smtp_server):
    draft = DRAFTS["non-ASCII text and subject"]
    old = _old_form(draft)
    assert b"\r\n" not in old and not old.isascii()  # what a strict server refused
    assert for_the_wire(for_the_wire(old)) == for_the_wire(old)

    smtp_app = make_app(MAIL_URL=smtp_server.url)
    with smtp_app.app_context():
        _db.session.add(OutboxMessage(recipient=draft.to, subject=draft.subject, kind="test",
                                      draft=to_json(draft), composed=old))
        _db.session.commit()
        assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
        stored = _db.session.execute(_db.select(OutboxMessage)).scalar_one().composed
    assert smtp_server.refused == []
    [(_sender, _recipients, raw)] = smtp_server.messages
    assert raw == stored  # kept as sent, so a retry sends these bytes
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Message-ID"] == "<lama-1@lokakarya.test>"  # the same message, not a new one
    assert message["Subject"] == draft.subject
    assert message.get_body(("plain",)).get_content() == draft.text
    [calendar] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert calendar.get_payload(decode=True) == ICS


HEADERS = b"From: a@example.go.id\r\nTo: b@example.go.id\r\nSubject: uji\r\n\r\n"


@pytest.mark.parametrize(("data", "answer"), [
    (HEADERS.replace(b"\r\n", b"\n") + b"badan\n", 554),  # bare LF throughout, short
    (HEADERS + b"satu\ndua\r\n", 554),  # one bare LF
    (HEADERS + b"satu\rdua\r\n", 554),  # one bare CR
    (HEADERS + b"x" * 999 + b"\r\n", 500),  # 999 octets: aiosmtpd itself lets this one pass
    (HEADERS + b"x" * 2000 + b"\r\n", 500),  # refused by aiosmtpd itself
    (HEADERS + "Déwi\r\n".encode(), 554),  # 8-bit without BODY=8BITMIME
])
def test_the_test_server_refuses_what_a_strict_mta_refuses(smtp_server, data, answer):
    with smtplib.SMTP("127.0.0.1", smtp_server.port, timeout=5) as client:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            client.sendmail("a@example.go.id", ["b@example.go.id"], data)
        assert refused.value.smtp_code == answer
        client.sendmail("a@example.go.id", ["b@example.go.id"], HEADERS + b"x" * 998 + b"\r\n")
    assert len(smtp_server.messages) == 1 and smtp_server.connections == 1
