"""Registration messages: one outbox row per message, written at delivery, saying what was
decided when it was queued (mail/deferred.py, registration/notify.py)."""
import email
from email import policy

from lokakarya.mail.delivery import deliver_due
from lokakarya.mail.models import OutboxMessage
from lokakarya.registration.models import Registration
from lokakarya.registration.services import approve, reject
from tests.registration.factory import make_agencies, make_event, person

URL = "/api/v1/events/uji/registrations"


def rows(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()


def plain(row: OutboxMessage) -> str:
    return email.message_from_bytes(row.raw, policy=policy.default).get_body(("plain",)).get_content()


def test_a_registration_queues_one_reference_written_at_delivery_and_kept(client, db):
    make_event(sessions=1)
    [agency] = make_agencies("17")
    assert client.post(URL, json={**person(1, agency), "consent": True}).status_code == 201
    [queued] = rows(db)
    assert queued.draft["deferred"] == "registration" and "text" not in queued.draft
    assert (queued.recipient, queued.kind) == ("peserta1@example.go.id", "registration_confirmed")
    assert deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    [sent] = rows(db)
    # Written once: the row now holds the message itself, so a resend is the same message.
    assert sent.status == "sent" and "Peserta Uji 1" in sent.draft["text"] and sent.composed
    message = email.message_from_bytes(sent.composed, policy=policy.default)
    [calendar] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "REQUEST"
    assert b"Sesi 1" in calendar.get_payload(decode=True)


def test_the_message_says_what_was_decided_when_it_was_queued(client, db, app):
    """Promoted while approval was required, then approved before the worker ran: the first
    message still says 'awaiting approval', the second 'confirmed'."""
    make_event(capacity=1, requires_approval=True)
    [agency] = make_agencies("17")
    for n in (1, 2):
        client.post(URL, json={**person(n, agency), "consent": True})
    first, second = db.session.execute(db.select(Registration).order_by(Registration.id)).scalars().all()
    with app.test_request_context():
        reject(first, "Bukan pejabat yang ditugaskan")  # frees the seat: the second is promoted
        db.session.commit()
        approve(second)
        db.session.commit()
    deliver_due()
    by_kind = {(row.recipient, row.kind): row for row in rows(db)}
    promoted = plain(by_kind[("peserta2@example.go.id", "registration_promoted")])
    assert "menunggu persetujuan" in promoted and "terkonfirmasi" not in promoted
    assert "terkonfirmasi" in plain(by_kind[("peserta2@example.go.id", "registration_confirmed")])
    assert "Bukan pejabat yang ditugaskan" in plain(by_kind[("peserta1@example.go.id", "registration_rejected")])


def test_a_corrected_address_gets_the_waiting_message(client, db):
    make_event()
    [agency] = make_agencies("17")
    token = client.post(URL, json={**person(1, agency), "consent": True}).get_json()["token"]
    assert client.post(f"/r/{token}/edit", data={**person(1), "email": "baru@example.go.id"}).status_code == 302
    deliver_due()
    [sent] = rows(db)
    assert sent.recipient == "baru@example.go.id"
    assert email.message_from_bytes(sent.composed, policy=policy.default)["To"] == "baru@example.go.id"


def test_several_sessions_get_their_invitations_queued_when_the_confirmation_is_written(client, db):
    make_event(sessions=3)
    [agency] = make_agencies("17")
    client.post(URL, json={**person(1, agency), "consent": True})
    assert [row.kind for row in rows(db)] == ["registration_confirmed"]
    assert deliver_due() == {"sent": 4, "retry": 0, "failed": 0}
    sent = rows(db)
    assert [row.kind for row in sent] == ["registration_confirmed"] + ["registration_confirmed_calendar"] * 3
    assert "e-mail terpisah" in plain(sent[0])
    assert [row.subject for row in sent[1:]] == [f"Undangan kalender: Sesi {n} (Lokakarya uji)" for n in (1, 2, 3)]
