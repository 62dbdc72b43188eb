"""When reminders fall due (pure), in the three Indonesian zones and after a session moves."""
from datetime import UTC, datetime, timedelta

import pytest

from lokakarya.reminders.timing import DEFAULT_OFFSETS, Offset, current, due_at, is_due, offset_problems
from lokakarya.timeutil import localize

DAY_BEFORE, HOUR_BEFORE = DEFAULT_OFFSETS


@pytest.mark.parametrize(("tz", "label_utc_hour"), [
    ("Asia/Jakarta", 2),   # 09:00 WIB = 02:00 UTC
    ("Asia/Makassar", 1),  # 09:00 WITA = 01:00 UTC
    ("Asia/Jayapura", 0),  # 09:00 WIT = 00:00 UTC
])
def test_day_before_falls_at_nine_in_the_events_zone(tz, label_utc_hour):
    starts = localize(datetime(2026, 12, 10, 8, 30), tz)  # noqa: DTZ001
    assert due_at(starts, DAY_BEFORE, tz) == datetime(2026, 12, 9, label_utc_hour, 0, tzinfo=UTC)


def test_day_before_counts_local_days_not_24_hours():
    # 06:30 WIT on 10 Dec is still 9 Dec in UTC; the reminder belongs to 9 Dec 09:00 WIT.
    starts = localize(datetime(2026, 12, 10, 6, 30), "Asia/Jayapura")  # noqa: DTZ001
    assert starts.date().day == 9
    assert due_at(starts, DAY_BEFORE, "Asia/Jayapura") == localize(
        datetime(2026, 12, 9, 9, 0), "Asia/Jayapura")  # noqa: DTZ001


def test_an_hour_before():
    starts = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
    assert due_at(starts, HOUR_BEFORE, "Asia/Makassar") == datetime(2026, 12, 10, 1, 0, tzinfo=UTC)


def test_moving_a_session_moves_its_reminders():
    tz = "Asia/Jakarta"
    starts = localize(datetime(2026, 12, 10, 9, 0), tz)  # noqa: DTZ001
    moved = starts + timedelta(days=2, hours=1)
    assert due_at(moved, DAY_BEFORE, tz) == due_at(starts, DAY_BEFORE, tz) + timedelta(days=2)
    assert due_at(moved, HOUR_BEFORE, tz) == due_at(starts, HOUR_BEFORE, tz) + timedelta(days=2, hours=1)


def test_due_from_its_time_until_the_session_ends():
    tz = "Asia/Jakarta"
    starts = localize(datetime(2026, 12, 10, 9, 0), tz)  # noqa: DTZ001
    ends = starts + timedelta(hours=1)
    assert not is_due(starts - timedelta(minutes=61), starts, ends, HOUR_BEFORE, tz)
    assert is_due(starts - timedelta(minutes=60), starts, ends, HOUR_BEFORE, tz)
    assert is_due(starts + timedelta(minutes=30), starts, ends, HOUR_BEFORE, tz)
    assert not is_due(ends, starts, ends, HOUR_BEFORE, tz)


def test_send_now_rules_are_never_due_by_themselves():
    assert due_at(datetime(2026, 12, 10, tzinfo=UTC), Offset("manual"), "Asia/Jakarta") is None


@pytest.mark.parametrize(("offset", "problem"), [
    (Offset("day_before", days_before=0, local_time="09:00"), "days_before"),
    (Offset("day_before", days_before=1, local_time="25:00"), "local_time"),
    (Offset("day_before", days_before=1, local_time="pagi"), "local_time"),
    (Offset("minutes_before", minutes_before=0), "minutes_before"),
    (Offset("minutes_before", minutes_before=None), "minutes_before"),
    (Offset("weekly"), "kind"),
])
def test_bad_offsets_are_named(offset, problem):
    assert problem in offset_problems(offset)


def test_good_offsets_pass():
    assert offset_problems(Offset("day_before", days_before=2, local_time="07.30")) == {}
    assert offset_problems(Offset("minutes_before", minutes_before=15)) == {}


def test_a_late_run_sends_the_latest_reminder_only_and_never_the_overtaken_one():
    tz = "Asia/Jakarta"
    starts = localize(datetime(2026, 12, 10, 9, 0), tz)  # noqa: DTZ001
    ends = starts + timedelta(hours=1)
    confirmed = frozenset({"confirmed"})
    rules = [("h-1", DAY_BEFORE, confirmed), ("60", HOUR_BEFORE, confirmed)]
    assert current(starts - timedelta(hours=20), starts, ends, tz, rules) == ["h-1"]
    assert current(starts - timedelta(minutes=30), starts, ends, tz, rules) == ["60"]
    assert current(starts + timedelta(minutes=10), starts, ends, tz, rules) == ["60"]


def test_an_overtaking_reminder_must_reach_the_same_people():
    tz = "Asia/Jakarta"
    starts = localize(datetime(2026, 12, 10, 9, 0), tz)  # noqa: DTZ001
    wider = frozenset({"confirmed", "pending"})
    rules = [("h-1", DAY_BEFORE, wider), ("60", HOUR_BEFORE, frozenset({"confirmed"}))]
    assert current(starts - timedelta(minutes=30), starts, starts + timedelta(hours=1), tz, rules) == ["h-1", "60"]
