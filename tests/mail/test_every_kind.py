"""Every kind of message the app sends, produced by the feature that sends it, delivered with
`flask mail deliver` to a strict SMTP server (aiosmtpd: CRLF only, lines of at most 998 octets,
no undeclared 8-bit data) and read back as a mail client reads it."""
import email
import io
from datetime import date
from email import policy

import icalendar
import pypdf

from lokakarya.extensions import db as _db
from lokakarya.mail.models import OutboxMessage
from tests.conftest import login
from tests.followup.conftest import add_item, users, world  # noqa: F401  (fixtures)
from tests.registration.factory import make_agencies, make_event, person

# Long and not ASCII: the subject must be folded and encoded, the text transfer-encoded.
TITLE = "Lokakarya Penerapan Standar Pelayanan Publik — Pemerintah Daerah Wilayah I, Sumatera dan Jawa"
NAME = "I Gusti Ayu Putu Déwi Ñoman"


def deliver(make_app, smtp_server) -> list[email.message.EmailMessage]:
    """`flask mail deliver` to the strict server; every queued message must be accepted."""
    smtp_app = make_app(MAIL_URL=smtp_server.url)
    with smtp_app.app_context():  # the command runs in the app whose context is current
        result = smtp_app.test_cli_runner().invoke(args=["mail", "deliver"])
        assert result.exit_code == 0, result.output
        rows = _db.session.execute(_db.select(OutboxMessage)).scalars().all()
        assert rows and {(r.status, r.last_error) for r in rows} == {("sent", None)}, \
            [(r.kind, r.status, r.last_error) for r in rows]
    assert smtp_server.refused == []
    assert len(smtp_server.messages) == len(rows)
    received = []
    for _sender, recipients, raw in smtp_server.messages:
        message = email.message_from_bytes(raw, policy=policy.default)
        assert recipients == [message["To"]]
        received.append(message)
    return received


def to(messages, address):
    return [m for m in messages if m["To"] == address]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def calendar_of(message) -> icalendar.Calendar:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    parsed = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    assert part.get_param("method") == str(parsed["METHOD"])
    return parsed


def attachments(message) -> dict[str, bytes]:
    return {p.get_filename(): p.get_payload(decode=True) for p in message.iter_attachments()}


def _event_with_title(slug: str, sessions: int) -> int:
    from lokakarya.events.models import Event

    event_id = make_event(slug=slug, sessions=sessions)
    _db.session.get(Event, event_id).title = TITLE
    _db.session.commit()
    return event_id


def test_registration_confirmations_and_their_invitations_in_both_languages(app, client, make_app, smtp_server):
    with app.app_context():  # not held over the requests: each chooses its own language
        _event_with_title("satu", sessions=1)
        _event_with_title("dua", sessions=2)
        [agency] = make_agencies("17")
    indonesian = {**person(1, agency), "name": NAME, "consent": True}
    english = {**person(2, agency), "consent": True}
    assert client.post("/api/v1/events/satu/registrations", json=indonesian).status_code == 201
    assert client.post("/api/v1/events/dua/registrations?lang=en", json=english).status_code == 201

    received = deliver(make_app, smtp_server)
    [confirmed] = to(received, "peserta1@example.go.id")
    assert confirmed["Subject"] == f"Pendaftaran terkonfirmasi: {TITLE}"
    assert f"Halo {NAME}," in text_of(confirmed) and "terkonfirmasi" in text_of(confirmed)
    invite = calendar_of(confirmed)
    assert str(invite["METHOD"]) == "REQUEST"
    [event] = invite.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Sesi 1")
    [(filename, ics)] = attachments(confirmed).items()
    assert filename.endswith(".ics") and icalendar.Calendar.from_ical(ics)["METHOD"] == "REQUEST"

    [first, *per_session] = to(received, "peserta2@example.go.id")
    assert first["Subject"] == f"Registration confirmed: {TITLE}"
    assert "Calendar invitations for each session follow in separate e-mails." in text_of(first)
    assert sorted(m["Subject"] for m in per_session) == [
        f"Calendar invitation: Sesi {n} ({TITLE})" for n in (1, 2)]
    for message in per_session:
        assert str(calendar_of(message)["METHOD"]) == "REQUEST"


def test_a_cancelled_session_sends_calendar_cancellations(db, client, make_app, smtp_server, api_token):
    from lokakarya.events.models import EventSession

    event_id = _event_with_title("dua", sessions=2)
    [agency] = make_agencies("17")
    assert client.post("/api/v1/events/dua/registrations", json={**person(1, agency), "consent": True}).status_code == 201
    deliver(make_app, smtp_server)
    smtp_server.messages.clear()
    _db.session.execute(_db.delete(OutboxMessage))
    _db.session.commit()

    session_id = _db.session.execute(_db.select(EventSession.id).where(
        EventSession.event_id == event_id, EventSession.title == "Sesi 2")).scalar_one()
    _user, token = api_token("organiser")
    response = client.post(f"/api/v1/events/dua/sessions/{session_id}/cancel",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_json()

    [cancellation] = deliver(make_app, smtp_server)
    assert cancellation["Subject"] == f"Sesi dibatalkan: Sesi 2 ({TITLE})"
    assert "Sesi berikut dibatalkan:" in text_of(cancellation)
    calendar = calendar_of(cancellation)
    assert str(calendar["METHOD"]) == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_certificate_arrives_as_a_pdf_attachment(db, client, make_app, smtp_server, make_user):
    from lokakarya.registration.models import Registration

    _event_with_title("satu", sessions=1)
    [agency] = make_agencies("17")
    assert client.post("/api/v1/events/satu/registrations",
                       json={**person(1, agency), "name": NAME, "consent": True}).status_code == 201
    registration_id = _db.session.execute(_db.select(Registration.id)).scalar_one()
    _db.session.execute(_db.delete(OutboxMessage))
    _db.session.commit()
    organiser = make_user("organiser")
    assert login(client, organiser.email).status_code == 302
    assert client.post(f"/events/satu/certificates/issue/{registration_id}").status_code == 302

    [ready] = deliver(make_app, smtp_server)
    assert ready["Subject"] == f"Sertifikat Anda siap: {TITLE}"
    assert "/certificate.pdf" in text_of(ready)
    [(filename, pdf)] = attachments(ready).items()
    assert filename.startswith("sertifikat-") and filename.endswith(".pdf")
    assert ready.get_payload()[1].get_content_type() == "application/pdf"
    page_text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert NAME in page_text and "SERTIFIKAT" in page_text


def test_session_reminders_in_both_languages(app, db, make_app, smtp_server):
    from tests.reminders.builders import make_event as reminder_event
    from tests.reminders.builders import make_registration

    event = reminder_event()
    event.title = TITLE
    make_registration(event, name=NAME)
    make_registration(event, locale="en")
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--now", "2026-12-09T09:00:00+07:00"])
    assert result.exit_code == 0, result.output

    received = deliver(make_app, smtp_server)
    [indonesian] = to(received, "peserta1@example.go.id")
    [english] = to(received, "peserta2@example.go.id")
    assert indonesian["Subject"] == "Pengingat: Sesi 1" and NAME in text_of(indonesian)
    assert "http://lokakarya.test/r/" in text_of(indonesian) and "/join/" in text_of(indonesian)
    assert english["Subject"] == "Reminder: Sesi 1"


def test_follow_up_reminders_and_the_organisers_digest(app, make_app, smtp_server, world, users, add_item):  # noqa: F811
    from lokakarya.events.models import Event

    with app.app_context():
        _db.session.get(Event, world.event_id).created_by_id = users["organiser"].id
        _db.session.commit()
    add_item("17", due=date(2021, 6, 30), title="Terlambat: mal pelayanan publik belum ada — " + "x" * 200)
    result = app.test_cli_runner().invoke(args=["followup", "remind", "--now", "2021-07-01T08:00:00+07:00"])
    assert result.exit_code == 0, result.output

    received = deliver(make_app, smtp_server)
    [reminder] = to(received, "fp17@example.go.id")
    assert reminder["Subject"] == "Pengingat tindak lanjut: 1 butir"
    assert "Terlambat: mal pelayanan publik belum ada — " + "x" * 200 in text_of(reminder)
    assert "http://lokakarya.test/follow-up/items/" in text_of(reminder)
    [digest] = to(received, "org@kemenpan.example.go.id")
    assert digest["Subject"] == "Ringkasan tindak lanjut terlambat: 1 butir"
    assert "mal pelayanan publik" in text_of(digest)


def test_password_reset_and_account_invitation(app, client, make_app, smtp_server, make_user):
    make_user("organiser", email="rina@example.go.id", name=NAME)
    client.post("/password/forgot", data={"email": "rina@example.go.id"})
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "--email", "budi@example.go.id", "--name", "Budi", "--role",
        "province_focal_point", "--province", "17"])
    assert result.exit_code == 0, result.output

    received = deliver(make_app, smtp_server)
    [reset] = to(received, "rina@example.go.id")
    assert reset["Subject"] == "Atur ulang kata sandi Lokakarya"
    assert "http://lokakarya.test/password/reset/" in text_of(reset)
    [invitation] = to(received, "budi@example.go.id")
    assert invitation["Subject"] == "Undangan ke Lokakarya"
    assert "http://lokakarya.test/invite/" in text_of(invitation)


def test_minutes_and_evaluation_reminders(app, db, make_app, smtp_server):
    from lokakarya.evaluation.services import remind
    from lokakarya.materials.models import Minutes
    from lokakarya.materials.services import publish_minutes
    from tests.reminders.builders import make_event as reminder_event
    from tests.reminders.builders import make_registration

    event = reminder_event()
    event.title = TITLE
    registration = make_registration(event, name=NAME)
    with app.test_request_context():
        minutes = Minutes(event_id=event.id, session=event.sessions[0], body="Ringkasan — " + "panjang " * 200)
        _db.session.add(minutes)
        assert publish_minutes(event, minutes) == 1
        assert remind(event, [registration]) == 1
        _db.session.commit()

    received = deliver(make_app, smtp_server)
    subjects = sorted(m["Subject"] for m in received)
    assert subjects == [f"Mohon isi evaluasi: {TITLE}", "Notulen tersedia: Sesi 1"]
    assert all(NAME in text_of(m) for m in received)
