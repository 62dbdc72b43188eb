"""The attendance rule: threshold edges, mandatory sessions, cancelled and excused sessions,
and which source wins."""
from datetime import UTC, datetime, timedelta

from lokakarya.attendance.minutes import SessionSpan, per_session
from lokakarya.attendance.rules import SessionRule, SourceRow, effective_minutes, status

T0 = datetime(2020, 11, 12, 1, 30, tzinfo=UTC)  # 08:30 WIB


def at(minutes):
    return T0 + timedelta(minutes=minutes)


# The demo agenda: 30 + 90 + 90 + 90 + 30 = 330 scheduled minutes.
AGENDA = [SessionRule(1, at(0), at(30)), SessionRule(2, at(30), at(120)), SessionRule(3, at(120), at(210)),
          SessionRule(4, at(270), at(360)), SessionRule(5, at(360), at(390))]


def test_threshold_edges():
    # 70% of 330 = 231 minutes.
    assert status({1: 30, 2: 90, 3: 90, 4: 21}, AGENDA, 70) == "hadir"
    assert status({1: 30, 2: 90, 3: 90, 4: 20}, AGENDA, 70) == "sebagian"
    assert status({1: 1}, AGENDA, 70) == "sebagian"
    assert status({}, AGENDA, 70) == "tidak_hadir"
    assert status({1: 30, 2: 90, 3: 90, 4: 90, 5: 30}, AGENDA, 100) == "hadir"


def test_cancelled_session_does_not_count():
    cancelled = [*AGENDA[:4], SessionRule(5, at(360), at(390), cancelled=True)]
    # 70% of 300 = 210: enough once the 30-minute closing is cancelled, not before.
    minutes = {1: 30, 2: 90, 3: 90}
    assert status(minutes, AGENDA, 70) == "sebagian"
    assert status(minutes, cancelled, 70) == "hadir"


def test_excused_session_leaves_the_denominator():
    minutes = {1: 30, 2: 90, 3: 90, 4: None, 5: 0}  # excused from session 4: 210 of 240
    assert status(minutes, AGENDA, 70) == "hadir"
    assert status({**minutes, 4: 0}, AGENDA, 70) == "sebagian"


def test_mandatory_sessions_decide_when_named():
    rules = [r if r.id != 4 else SessionRule(4, at(270), at(360), mandatory=True) for r in AGENDA]
    assert status({4: 63}, rules, 70) == "hadir"  # 70% of the mandatory 90 minutes
    assert status({1: 30, 2: 90, 3: 90, 4: 62, 5: 30}, rules, 70) == "sebagian"


def test_sources_precedence():
    session = AGENDA[1]  # 90 minutes
    report = SourceRow("zoom", minutes=40)
    assert effective_minutes([report], session) == 40
    assert effective_minutes([report, SourceRow("manual", status="present")], session) == 90
    assert effective_minutes([report, SourceRow("manual", status="absent")], session) == 0
    assert effective_minutes([report, SourceRow("manual", status="excused")], session) is None
    assert effective_minutes([SourceRow("checkin", first_join_at=at(50))], session) == 90
    assert effective_minutes([SourceRow("link", first_join_at=at(60))], session) == 60
    assert effective_minutes([SourceRow("link", first_join_at=at(60)), SourceRow("teams", minutes=10)],
                             session) == 10
    assert effective_minutes([SourceRow("link", first_join_at=at(200))], session) == 0


def test_reconnects_are_merged_and_overlaps_counted_once():
    sessions = [SessionSpan(1, at(0), at(60))]
    intervals = [(at(0), at(20), 1.0), (at(10), at(30), 1.0), (at(25), at(35), 1.0), (at(50), at(70), 1.0)]
    assert per_session(intervals, sessions)[1].minutes == 45  # 0-35 and 50-60
    assert per_session(intervals, sessions)[1].first_join == at(0)
    assert per_session([(at(-30), at(0), 1.0)], sessions) == {}
