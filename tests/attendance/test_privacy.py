"""Forgetting a participant removes the personal text attendance keeps; the minutes stay."""
from lokakarya.attendance import privacy
from lokakarya.attendance.importing import apply_import, plan_import, read_report, remember_decision
from lokakarya.attendance.models import Attendance, NameDecision
from lokakarya.attendance.names import identity
from lokakarya.attendance.services import mark_manual
from tests.attendance.helpers import demo_event, registration_by_email, sample


def test_forget_keeps_minutes_and_drops_names_and_notes(db, demo):
    event = demo_event()
    person = registration_by_email("sri.anggraini@dukcapil.bantenprov.example.go.id")
    remember_decision(event, identity("", "Sri Anggraini"), person.id, None)
    apply_import(plan_import(event, read_report(event, sample("zoom-participants.csv"), event.timezone, None)))
    mark_manual(person, event.sessions[0], "present", "Sri Anggraini hadir dari kantor")
    db.session.commit()
    minutes_before = set(db.session.execute(
        db.select(Attendance.session_id, Attendance.minutes).where(Attendance.registration_id == person.id)))
    exported = privacy.export(person)["attendance"]
    assert any(r["note"] == "Sri Anggraini hadir dari kantor" for r in exported)

    privacy.forget(person)
    db.session.commit()
    assert db.session.query(NameDecision).count() == 0
    rows = db.session.execute(db.select(Attendance).where(Attendance.registration_id == person.id)).scalars().all()
    assert {r.note for r in rows} == {""}
    assert set(db.session.execute(
        db.select(Attendance.session_id, Attendance.minutes).where(Attendance.registration_id == person.id))
    ) == minutes_before
