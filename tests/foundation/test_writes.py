"""insert_now and update_now: rows written at once, outside the unit of work, then usable like loaded ones."""
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from lokakarya.core.writes import insert_now, update_now
from lokakarya.events.models import Event
from lokakarya.mail.models import OutboxMessage
from lokakarya.registration.models import Registration, new_token
from lokakarya.timeutil import now_utc
from tests.registration.factory import make_agencies, make_event


def registration(event_id: int, agency_id: int, n: int) -> Registration:
    now = now_utc()
    return Registration(event_id=event_id, agency_id=agency_id, status="confirmed", token=new_token(),
                        name=f"Peserta {n}", nip=f"19860926201505100{n}", position="Analis",
                        email=f"peserta{n}@example.go.id", phone="+6281200000000",
                        created_at=now, status_changed_at=now)


def test_rows_are_written_in_order_with_their_defaults_and_behave_as_loaded(db, query_counter):
    event_id = make_event()
    [agency_id] = make_agencies("17")
    made = [registration(event_id, agency_id, n) for n in (1, 2, 3)]
    with query_counter() as q:
        insert_now(made)
    # One statement on PostgreSQL; SQLite writes row by row to hand the keys back in order.
    assert q[0] == (1 if db.engine.dialect.name == "postgresql" else 3)
    assert [r.email for r in made] == ["peserta1@example.go.id", "peserta2@example.go.id", "peserta3@example.go.id"]
    assert made[0].id < made[1].id < made[2].id and made[0].locale == "id"  # the column's default
    # Persistent: relationships come from the session, changes become UPDATEs at the commit.
    assert made[0].agency.province_code == "17" and made[0].event.slug == "uji"
    made[1].status = "waitlisted"
    db.session.commit()
    db.session.expire_all()
    rows = db.session.execute(db.select(Registration.email, Registration.status, Registration.locale)
                              .order_by(Registration.id)).all()
    assert [tuple(row) for row in rows] == [("peserta1@example.go.id", "confirmed", "id"),
                                            ("peserta2@example.go.id", "waitlisted", "id"),
                                            ("peserta3@example.go.id", "confirmed", "id")]


def test_an_attribute_that_names_its_column_differently_is_written_to_that_column(db):
    message = OutboxMessage(recipient="a@example.go.id", subject="Uji", kind="uji", draft={"text": "x"},
                            composed=b"Subject: Uji\r\n\r\nx")
    insert_now([message])
    assert message.status == "queued" and message.attempts == 0 and message.next_attempt_at is not None
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).raw == b"Subject: Uji\r\n\r\nx"


def test_a_broken_unique_key_raises_like_a_flush_and_writes_nothing(db):
    event_id = make_event()
    [agency_id] = make_agencies("17")
    insert_now([registration(event_id, agency_id, 1)])
    db.session.commit()
    with pytest.raises(IntegrityError):
        insert_now([registration(event_id, agency_id, 2), registration(event_id, agency_id, 1)])
    db.session.rollback()
    assert db.session.execute(db.select(db.func.count()).select_from(Registration)).scalar() == 1


def test_objects_must_be_new_alike_and_of_one_model(db):
    event_id = make_event()
    [agency_id] = make_agencies("17")
    first = registration(event_id, agency_id, 1)
    insert_now([first])
    with pytest.raises(ValueError):
        insert_now([first])  # already written
    partial = registration(event_id, agency_id, 2)
    partial.locale = "en"
    with pytest.raises(ValueError):
        insert_now([registration(event_id, agency_id, 3), partial])
    with pytest.raises(ValueError):
        insert_now([registration(event_id, agency_id, 4), OutboxMessage(recipient="a@b.id", subject="s", kind="k", draft={})])


def test_updated_objects_are_written_at_once_and_hold_the_values_as_committed(db, query_counter):
    event_id = make_event()
    [agency_id] = make_agencies("17")
    made = [registration(event_id, agency_id, n) for n in (1, 2, 3)]
    insert_now(made)
    message = OutboxMessage(recipient="a@example.go.id", subject="Lama", kind="uji", draft={"v": 1},
                            composed=b"x")
    insert_now([message])
    with query_counter() as q:
        update_now(made[:2], [{"status": "waitlisted"}, {"status": "pending"}])
        update_now([message], [{"subject": "Baru", "draft": {"v": 2}, "composed": b"y"}])
    assert q[0] == 2  # one UPDATE for the registrations (executemany), one for the message
    assert [r.status for r in made] == ["waitlisted", "pending", "confirmed"]
    assert not db.session.dirty  # nothing left for the commit to write
    with query_counter() as q:
        db.session.commit()
    assert q[0] == 0
    db.session.expire_all()
    rows = db.session.execute(db.select(Registration.status).order_by(Registration.id)).scalars().all()
    assert rows == ["waitlisted", "pending", "confirmed"]
    stored = db.session.get(OutboxMessage, message.id)
    assert (stored.subject, stored.draft, stored.raw, stored.kind) == ("Baru", {"v": 2}, b"y", "uji")


def test_updates_take_loaded_objects_and_the_same_columns(db):
    event_id = make_event()
    [agency_id] = make_agencies("17")
    first, second = registration(event_id, agency_id, 1), registration(event_id, agency_id, 2)
    insert_now([first])
    with pytest.raises(ValueError):
        update_now([second], [{"status": "waitlisted"}])  # never written
    insert_now([second])
    with pytest.raises(ValueError):
        update_now([first, second], [{"status": "waitlisted"}, {"locale": "en"}])
    with pytest.raises(ValueError):
        update_now([first], [{"agency": None}])  # a relationship, not a column
    assert (first.status, second.locale) == ("confirmed", "id")


def test_a_column_stamped_by_the_update_is_read_again(db):
    event_id = make_event()
    event = db.session.get(Event, event_id)
    event.updated_at = datetime(2020, 1, 1, tzinfo=UTC)
    db.session.commit()
    assert event.updated_at == datetime(2020, 1, 1, tzinfo=UTC)  # loaded again, as before an update
    update_now([event], [{"title": "Judul baru"}])
    assert event.title == "Judul baru" and event.updated_at > datetime(2020, 1, 1, tzinfo=UTC)
