"""The recap's counts come from the presence tables (attendance/presence.py): after an import, a
mark, and every change of what the rule reads, they equal what the rule makes of everyone's
rows, person by person."""
from datetime import timedelta

from lokakarya.attendance.importing import apply_import, plan_import, read_report
from lokakarya.attendance.models import Standing
from lokakarya.attendance.recap import build_recap, each_person, session_rules
from lokakarya.attendance.rules import STATUSES
from lokakarya.attendance.services import mark_manual
from lokakarya.events import changes
from lokakarya.extensions import db
from tests.attendance.helpers import demo_event, registration_by_email, sample

FULL_DAY = "taufik.purba@dpmptsp.sumselprov.example.go.id"  # 08:32-14:59
LEFT_EARLY = "taufik.lestari@dpmptsp.jogjaprov.example.go.id"  # 08:53-09:27


def from_rows(event) -> dict:
    """The recap as the rule makes it of every confirmed person's rows, one by one."""
    rules = session_rules(event)
    people = list(each_person(event, rules))
    counts = {state: sum(1 for p in people if p.status == state) for state in STATUSES}
    present = {sid: n for sid in rules if not rules[sid].cancelled
               and (n := sum(1 for p in people if p.minutes.get(sid)))}
    provinces: dict[str, dict[str, int]] = {}
    for p in people:
        agency = p.registration.agency
        label = agency.province.name if agency and agency.province else "—"
        provinces.setdefault(label, dict.fromkeys(STATUSES, 0))[p.status] += 1
    return {"counts": counts, "present": present, "provinces": provinces,
            "people": {p.registration.id: p.status for p in people}}


def from_tables(event) -> dict:
    recap = build_recap(event)
    stored = dict(db.session.execute(db.select(Standing.registration_id, Standing.status)).all())
    people = {reg: stored.get(reg, "tidak_hadir") for reg in from_rows(event)["people"]}
    return {"counts": recap.counts, "present": recap.present_by_session,
            "provinces": {g.label: g.counts for g in recap.by_province}, "people": people}


def check(event) -> dict:
    db.session.flush()
    db.session.expire_all()  # what the next request would read
    expected = from_rows(event)
    assert from_tables(event) == expected
    return expected["counts"]


def import_zoom(event) -> None:
    apply_import(plan_import(event, read_report(event, sample("zoom-participants.csv"), event.timezone, None)))


def test_counts_follow_an_import_and_marks(db, demo):
    event = demo_event()
    assert check(event) == {"hadir": 0, "sebagian": 0, "tidak_hadir": 81}
    import_zoom(event)
    after_import = check(event)
    assert after_import["hadir"] > 40 and after_import["sebagian"] > 0
    early = registration_by_email(LEFT_EARLY)
    for session in event.sessions:  # the organiser marks her present at every session
        mark_manual(early, session, "present")
    marked = check(event)
    assert marked["hadir"] == after_import["hadir"] + 1
    for session in event.sessions[1:]:  # excused from all but the first, where she was present
        mark_manual(early, session, "excused", "Tugas dinas")
    assert check(event) == marked  # an excused session does not count against her
    mark_manual(early, event.sessions[0], "absent")
    assert check(event)["tidak_hadir"] == marked["tidak_hadir"] + 1
    for session in event.sessions:  # marks removed: the report decides again
        mark_manual(early, session, None)
    assert check(event) == after_import


def test_counts_follow_the_threshold_and_the_agenda(db, demo):
    event = demo_event()
    import_zoom(event)
    before = check(event)
    changes.change_event(event, {"attendance_threshold": 100}, None)
    stricter = check(event)
    assert stricter["hadir"] < before["hadir"]
    changes.change_event(event, {"attendance_threshold": 70}, None)
    assert check(event) == before

    last = event.sessions[4]
    changes.change_session(event, last, {"ends_at": last.ends_at + timedelta(hours=5)}, None, None,
                           meeting_given=False)  # five hours longer, after everyone had left
    longer = check(event)
    assert longer["hadir"] < before["hadir"]
    changes.cancel_session(event, last, None)
    assert check(event)["hadir"] > longer["hadir"]
    start = event.sessions[3].starts_at + timedelta(days=1)
    changes.add_session(event, {"title": "Hari kedua", "starts_at": start, "ends_at": start + timedelta(hours=5)},
                        None, None)
    assert check(event)["hadir"] == 0  # five unattended hours more: nobody reaches 70%
