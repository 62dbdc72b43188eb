"""`flask reminders send`: what is due goes out once per person and reminder, in each person's
zone, with private links only for confirmed registrants."""
import email
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from lokakarya.events.models import EventSession
from lokakarya.mail.models import OutboxMessage
from lokakarya.reminders.models import ReminderDelivery, ReminderRule, ReminderSettings
from lokakarya.reminders.sending import deliver, due_jobs, send_due
from tests.reminders.builders import WIT, WITA, make_event, make_registration

# The default session: Thursday 10 Dec 2026 09:00–10:30 WIB (02:00–03:30 UTC).
H_MINUS_1 = datetime(2026, 12, 9, 2, 0, tzinfo=UTC)  # 09:00 WIB the day before
HOUR_BEFORE = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)


def bodies(db) -> dict[str, str]:
    """Recipient → text of the (single) message each got."""
    out = {}
    for row in db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars():
        assert row.recipient not in out, f"{row.recipient} got two messages"
        message = email.message_from_bytes(row.raw)
        part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        out[row.recipient] = part.get_payload(decode=True).decode()
    return out


def test_nothing_before_due_then_once_each(db):
    event = make_event()
    people = [make_registration(event) for _ in range(3)]
    assert send_due(H_MINUS_1 - timedelta(minutes=1)) == 0
    assert send_due(H_MINUS_1) == 3
    assert send_due(H_MINUS_1 + timedelta(minutes=5)) == 0  # the next cron run
    assert set(bodies(db)) == {p.email for p in people}
    assert send_due(HOUR_BEFORE) == 3  # the second default reminder
    assert db.session.execute(db.select(db.func.count()).select_from(OutboxMessage)).scalar() == 6


def test_each_recipient_reads_the_time_in_their_own_zone(db):
    event = make_event()
    wib, wita, wit = (make_registration(event, province=p) for p in ("11", WITA, WIT))
    send_due(H_MINUS_1)
    texts = bodies(db)
    assert "Kamis, 10 Desember 2026, 09.00–10.30 WIB" in texts[wib.email]
    assert "10.00–11.30 WITA (09.00–10.30 WIB)" in texts[wita.email]
    assert "11.00–12.30 WIT (09.00–10.30 WIB)" in texts[wit.email]


def test_english_speakers_get_english(db):
    event = make_event()
    person = make_registration(event, locale="en", province=WITA)
    send_due(H_MINUS_1)
    text = bodies(db)[person.email]
    assert "Thursday, 10 December 2026, 10:00–11:30 WITA" in text
    assert "personal link" in text


def test_a_moved_session_takes_its_reminders_along(db):
    event = make_event()
    make_registration(event)
    session = db.session.execute(db.select(EventSession)).scalar_one()
    session.starts_at += timedelta(days=2)
    session.ends_at += timedelta(days=2)
    db.session.commit()
    assert send_due(H_MINUS_1) == 0
    assert send_due(H_MINUS_1 + timedelta(days=2)) == 1


def test_a_cancelled_session_sends_nothing(db):
    event = make_event()
    make_registration(event)
    db.session.execute(db.update(EventSession).values(status="cancelled"))
    db.session.commit()
    assert send_due(H_MINUS_1) == 0
    assert send_due(HOUR_BEFORE) == 0
    assert bodies(db) == {}


def test_switched_off_reminders_send_nothing(db):
    event = make_event()
    make_registration(event)
    send_due(H_MINUS_1 - timedelta(hours=1))  # creates the defaults
    db.session.get(ReminderSettings, event.id).enabled = False
    db.session.commit()
    assert send_due(H_MINUS_1) == 0


def test_private_links_only_for_confirmed_registrants(db):
    event = make_event()
    confirmed = make_registration(event, status="confirmed")
    pending = make_registration(event, status="pending")
    waiting = make_registration(event, status="waitlisted")
    make_registration(event, status="cancelled")
    send_due(H_MINUS_1 - timedelta(hours=1))
    db.session.execute(db.update(ReminderRule).values(include_pending=True, include_waitlisted=True))
    db.session.commit()
    send_due(H_MINUS_1)
    texts = bodies(db)
    assert set(texts) == {confirmed.email, pending.email, waiting.email}
    assert f"/r/{confirmed.token}/join/" in texts[confirmed.email]
    assert "RAHASIA7" in texts[confirmed.email]
    assert f"webcal://lokakarya.test/r/{confirmed.token}/calendar.ics" in texts[confirmed.email]
    for other in (pending, waiting):
        text = texts[other.email]
        assert "/join/" not in text and "RAHASIA7" not in text and "zoom" not in text
        assert "calendar.ics" not in text
    assert "belum dikonfirmasi" in texts[pending.email]
    assert "daftar tunggu" in texts[waiting.email]


FAIL_ON_RECIPIENT = {
    "sqlite": ["CREATE TRIGGER crash BEFORE INSERT ON outbox_messages WHEN NEW.recipient = '{email}' "
               "BEGIN SELECT RAISE(ABORT, 'crash'); END"],
    "postgresql": ["CREATE FUNCTION crash() RETURNS trigger AS $$ BEGIN IF NEW.recipient = '{email}' THEN "
                   "RAISE EXCEPTION 'crash'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                   "CREATE TRIGGER crash BEFORE INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION crash()"],
}
UNDO = {"sqlite": ["DROP TRIGGER crash"],
        "postgresql": ["DROP TRIGGER crash ON outbox_messages", "DROP FUNCTION crash()"]}


def test_a_crash_between_marking_and_sending_leaves_nothing_and_the_next_run_sends(db):
    """The database refuses the third message half way through a batch, as a dying worker would
    leave it: the claims already made in that batch roll back with it."""
    event = make_event()
    people = [make_registration(event) for _ in range(5)]
    dialect = db.engine.dialect.name
    with db.engine.begin() as conn:
        for statement in FAIL_ON_RECIPIENT[dialect]:
            conn.exec_driver_sql(statement.replace("{email}", people[2].email))
    try:
        with pytest.raises(sa.exc.DBAPIError):
            send_due(H_MINUS_1)
        db.session.rollback()
        assert db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar() == 0
        assert db.session.execute(sa.select(sa.func.count()).select_from(ReminderDelivery)).scalar() == 0
    finally:
        db.session.rollback()  # let go of the tables before changing them
        with db.engine.begin() as conn:
            for statement in UNDO[dialect]:
                conn.exec_driver_sql(statement)
    assert send_due(H_MINUS_1) == 5
    assert set(bodies(db)) == {p.email for p in people}


def test_an_uncommitted_claim_and_message_vanish_together(db, app):
    event = make_event()
    person = make_registration(event)
    with app.test_request_context("/"):
        job = due_jobs(H_MINUS_1)[0]
        deliver(job.rule, job.session, job.registration)  # claimed and queued …
        db.session.rollback()  # … and the process dies before the commit
    assert db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar() == 0
    assert send_due(H_MINUS_1) == 1
    assert set(bodies(db)) == {person.email}


def test_a_run_stopped_half_way_is_completed_without_repeats(db):
    event = make_event()
    people = [make_registration(event) for _ in range(5)]
    assert send_due(H_MINUS_1, limit=2) == 2  # the worker is killed after two messages
    assert send_due(H_MINUS_1) == 3
    assert set(bodies(db)) == {p.email for p in people}  # bodies() fails on any duplicate


def test_a_claim_made_by_another_run_is_respected(db, app):
    event = make_event()
    first, second = make_registration(event), make_registration(event)
    with app.test_request_context("/"):
        jobs = due_jobs(H_MINUS_1)  # this run decided its work …
        other = next(j for j in jobs if j.registration.id == first.id)
        deliver(other.rule, other.session, other.registration)  # … while another run sent one
        db.session.commit()
    assert send_due(H_MINUS_1) == 1
    assert set(bodies(db)) == {first.email, second.email}


def test_cli_sends_what_is_due(app, db):
    event = make_event()
    make_registration(event)
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--now", "2026-12-09T09:00:00+07:00"])
    assert result.exit_code == 0, result.output
    assert "reminders sent: 1" in result.output
    bad = app.test_cli_runner().invoke(args=["reminders", "send", "--now", "besok"])
    assert bad.exit_code != 0 and "ISO 8601" in bad.output


@pytest.mark.postgres
def test_two_overlapping_runs_send_each_reminder_once(app, db):
    """Two workers with their own connections race over the same due reminders."""
    event = make_event()
    people = [make_registration(event) for _ in range(40)]
    send_due(H_MINUS_1 - timedelta(hours=1))  # defaults exist before the race
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                counts.append(send_due(H_MINUS_1))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(counts) == 40
    db.session.expire_all()
    assert set(bodies(db)) == {p.email for p in people}


@pytest.mark.postgres
def test_two_overlapping_first_runs_create_the_default_rules_once(app, db):
    event = make_event()
    make_registration(event)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                send_due(H_MINUS_1)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    rules = db.session.execute(db.select(ReminderRule).where(ReminderRule.event_id == event.id)).scalars().all()
    assert len(rules) == 2
    assert len(bodies(db)) == 1
