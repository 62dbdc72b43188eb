"""Importing reports against the demo workshop: exact minutes per session, matching,
idempotent re-import, decisions remembered, manual marks untouched."""
from lokakarya.attendance.importing import apply_import, plan_import, read_report, remember_decision
from lokakarya.attendance.models import Attendance
from lokakarya.attendance.names import identity
from lokakarya.attendance.recap import each_person, session_rules
from lokakarya.attendance.services import mark_manual
from lokakarya.extensions import db
from tests.attendance.helpers import AGENDA_MINUTES, demo_event, registration_by_email, sample, zoom_text

SRI_LAMPUNG = "sri.siregar@dukcapil.lampungprov.example.go.id"
MADE_HASIBUAN = "made.hasibuan@dpmptsp.sumutprov.example.go.id"


def minutes_of(plan, event, email):
    presence = plan.presence.get(registration_by_email(email).id, {})
    return [presence[s.id].minutes if s.id in presence else 0 for s in event.sessions]


def plan_for(event, data=None, **kw):
    report = read_report(event, data if data is not None else sample("zoom-participants.csv"),
                         event.timezone, None)
    return plan_import(event, report, **kw)


def stored(source="zoom"):
    return sorted(db.session.execute(
        db.select(Attendance.registration_id, Attendance.session_id, Attendance.minutes)
        .where(Attendance.source == source)).tuples())


def test_known_people_minutes_per_session_match_the_demo_agenda(db, demo):
    event = demo_event()
    plan = plan_for(event)
    # 08:31-11:16 and 11:37-14:57 WIB against 08:30-09:00, 09:00-10:30, 10:30-12:00, 13:00-14:30, 14:30-15:00
    assert minutes_of(plan, event, SRI_LAMPUNG) == [29, 90, 69, 90, 27]
    # Reconnect: 08:49-10:34 and 10:38-14:56.
    assert minutes_of(plan, event, MADE_HASIBUAN) == [11, 90, 86, 90, 26]
    # Left early: 08:53-09:27.
    assert minutes_of(plan, event, "taufik.lestari@dpmptsp.jogjaprov.example.go.id") == [7, 27, 0, 0, 0]
    for teams_or_meet in ("teams-attendance.csv",):
        other = plan_for(event, sample(teams_or_meet))
        assert minutes_of(other, event, SRI_LAMPUNG) == [29, 90, 69, 90, 27]


def test_overlapping_connections_are_not_counted_twice(db, demo):
    event = demo_event()
    text = zoom_text() + (  # a second device for the whole morning, overlapping both connections
        f"Sri HP,{SRI_LAMPUNG},11/12/2020 08:35:00 AM,11/12/2020 11:40:00 AM,185,Yes\n")
    plan = plan_for(event, text.encode())
    assert minutes_of(plan, event, SRI_LAMPUNG) == [29, 90, 90, 90, 27]
    assert all(m <= full for m, full in zip(minutes_of(plan, event, SRI_LAMPUNG), AGENDA_MINUTES, strict=True))


def test_host_and_unknown_guests_are_left_for_review(db, demo):
    event = demo_event()
    plan = plan_for(event)
    review = {item.display: item.how for item in plan.review}
    assert review["Jeffrey Erlan Muller"] == "unmatched"  # the host
    assert review["iPhone"] == "unmatched"
    assert review["Sri Anggraini"] == "ambiguous"  # two registrations carry this name
    # "DPMPTSP JAWA TENGAH - Joko Siregar (Joko Siregar)": the prefix picks one of two Joko Siregar.
    assert "DPMPTSP JAWA TENGAH - Joko Siregar (Joko Siregar)" not in review
    assert plan.rows == 91 and plan.matched + plan.unmatched == 91


def test_reimport_changes_nothing_and_decisions_are_remembered(db, demo):
    event = demo_event()
    apply_import(plan_for(event))
    db.session.commit()
    first = stored()
    again = plan_for(event)
    assert (again.new, again.changed, again.removed) == (0, 0, 0)
    apply_import(again)
    db.session.commit()
    assert stored() == first

    target = registration_by_email("sri.anggraini@dukcapil.bantenprov.example.go.id")
    remember_decision(event, identity("", "Sri Anggraini"), target.id, None)
    remember_decision(event, identity("", "iPhone"), None, None)
    db.session.commit()
    decided = plan_for(event)
    review = {item.display: item.how for item in decided.review}
    assert review["iPhone"] == "ignored" and "Sri Anggraini" not in review
    assert decided.changed > 0
    # Her connection without e-mail (08:54-14:48) now counts too: rows updated, none added.
    apply_import(decided)
    db.session.commit()
    assert len(stored()) == len(first) + decided.new
    mine = [(sid, m) for reg, sid, m in stored() if reg == target.id]
    assert [m for _sid, m in sorted(mine)] == [22, 90, 90, 90, 23]  # 08:38-14:53, gap 10:40-10:45 filled


def test_manual_correction_survives_reimport(db, demo):
    event = demo_event()
    apply_import(plan_for(event))
    person = registration_by_email("taufik.lestari@dpmptsp.jogjaprov.example.go.id")
    third = event.sessions[2]
    mark_manual(person, third, "present", "Hadir lewat ponsel rekan")
    db.session.commit()
    apply_import(plan_for(event))
    db.session.commit()
    (row,) = [p for p in each_person(event, session_rules(event)) if p.registration.id == person.id]
    assert row.minutes[third.id] == 90 and row.notes[third.id] == "Hadir lewat ponsel rekan"


def test_cancelled_session_is_not_covered(db, demo):
    event = demo_event()
    event.sessions[4].status = "cancelled"
    db.session.flush()
    plan = plan_for(event)
    assert event.sessions[4].id not in plan.covered
    assert minutes_of(plan, event, SRI_LAMPUNG) == [29, 90, 69, 90, 0]
