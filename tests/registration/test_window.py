"""The registration window, set in the event's own zone (pure)."""
from datetime import datetime, timedelta

import pytest

from lokakarya.registration.eligibility import Window, agency_problem
from lokakarya.timeutil import localize

# Registration for a Papua event opens 1 Dec 08:00 WIT and closes 10 Dec 23:59 WIT.
OPENS = localize(datetime(2030, 12, 1, 8, 0), "Asia/Jayapura")  # noqa: DTZ001
CLOSES = localize(datetime(2030, 12, 10, 23, 59), "Asia/Jayapura")  # noqa: DTZ001
WINDOW = Window("published", OPENS, CLOSES)


def wib(*args) -> datetime:
    return localize(datetime(*args), "Asia/Jakarta")  # noqa: DTZ001


@pytest.mark.parametrize(("now", "code"), [
    (wib(2030, 12, 1, 5, 59, 59), "not_yet_open"),   # 07:59:59 WIT
    (wib(2030, 12, 1, 6, 0), None),                  # 08:00 WIT: open
    (wib(2030, 12, 10, 21, 58, 59), None),           # 23:58:59 WIT
    (wib(2030, 12, 10, 21, 59), "closed"),           # 23:59 WIT: closed, though only 21:59 in Jakarta
])
def test_edges_follow_the_event_zone(now, code):
    problem = WINDOW.problem(now)
    assert (problem.code if problem else None) == code


def test_unpublished_event_is_never_open():
    assert Window("draft", None, None).problem(OPENS).code == "event_not_open"
    assert Window("published", None, None).is_open(OPENS + timedelta(days=999))


def test_invited_province_rule():
    invited = {"17", "31"}
    assert agency_problem("17", "dukcapil", invited, allow_central=False) is None
    assert agency_problem("51", "dukcapil", invited, allow_central=True).code == "province_not_invited"
    assert agency_problem(None, "ministry", invited, allow_central=True) is None
    assert agency_problem(None, "ministry", invited, allow_central=False).code == "central_not_allowed"
    assert agency_problem("51", "dpmptsp", set(), allow_central=False) is None  # nobody invited: open to all
