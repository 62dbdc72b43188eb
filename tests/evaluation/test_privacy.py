"""Deleting a registrant's data (UU 27/2022) also reaches evaluation answers and reminder records."""
from datetime import UTC, datetime

import sqlalchemy as sa

from lokakarya.evaluation.models import Answer, Completion, Response
from lokakarya.evaluation.services import ensure_form
from lokakarya.registration.privacy import anonymise, export_data
from lokakarya.reminders.models import ReminderDelivery
from lokakarya.reminders.sending import send_due
from tests.reminders.builders import make_event, make_registration


def test_anonymising_a_registration_unlinks_answers_and_forgets_reminders(client, db):
    event = make_event()
    form = ensure_form(event)
    form.is_open = True
    db.session.commit()
    person = make_registration(event)
    send_due(datetime(2026, 12, 9, 2, 0, tzinfo=UTC))
    data = {f"q{q.id}": "5" for q in form.questions if q.kind == "rating"}
    client.post(f"/r/{person.token}/evaluation", data=data)
    exported = export_data(person)
    assert exported.get("evaluation", {}).get("answered") is True
    anonymise(person)
    db.session.commit()
    assert db.session.execute(sa.select(Response.registration_id)).scalar_one() is None
    assert db.session.execute(sa.select(sa.func.count()).select_from(Completion)).scalar() == 0
    assert db.session.execute(sa.select(sa.func.count()).select_from(Answer)).scalar() == 4  # still counted
    assert db.session.execute(sa.select(sa.func.count()).select_from(ReminderDelivery)).scalar() == 0
