"""Dates and times as Indonesians read them, always with the zone label (pure functions)."""
from datetime import UTC, datetime

import pytest

from lokakarya.core.formatting import (
    fmt_date,
    fmt_datetime,
    fmt_period,
    fmt_time,
    fmt_time_dual,
    fmt_time_range,
)
from lokakarya.timeutil import localize, to_zone, zone_label

OPENING = datetime(2020, 11, 12, 1, 30, tzinfo=UTC)  # 08.30 WIB
CLOSING = datetime(2020, 11, 12, 8, 0, tzinfo=UTC)  # 15.00 WIB


@pytest.mark.parametrize(("zone", "label", "clock"), [
    ("Asia/Jakarta", "WIB", "08.30"),
    ("Asia/Pontianak", "WIB", "08.30"),
    ("Asia/Makassar", "WITA", "09.30"),
    ("Asia/Jayapura", "WIT", "10.30"),
])
def test_each_indonesian_zone_has_its_label(zone, label, clock):
    assert zone_label(zone) == label
    assert fmt_time(OPENING, zone) == f"{clock} {label}"


def test_indonesian_and_english_dates():
    assert fmt_date(OPENING, "Asia/Jakarta") == "Kamis, 12 November 2020"
    assert fmt_date(OPENING, "Asia/Jakarta", "en") == "Thursday, 12 November 2020"
    assert fmt_datetime(OPENING, "Asia/Jakarta") == "Kamis, 12 November 2020 08.30 WIB"
    assert fmt_datetime(OPENING, "Asia/Jayapura", "en") == "Thursday, 12 November 2020 10:30 WIT"


def test_the_date_is_taken_in_the_zone_not_in_utc():
    late_evening_wit = datetime(2020, 11, 11, 16, 0, tzinfo=UTC)  # 12 Nov 01.00 WIT, 11 Nov in UTC
    assert fmt_date(late_evening_wit, "Asia/Jayapura") == "Kamis, 12 November 2020"
    assert fmt_date(late_evening_wit, "Asia/Jakarta") == "Rabu, 11 November 2020"


def test_viewer_in_another_zone_sees_both_times():
    assert fmt_time_dual(OPENING, "Asia/Jakarta", "Asia/Makassar") == "08.30 WIB / 09.30 WITA"
    assert fmt_time_dual(OPENING, "Asia/Jakarta", "Asia/Pontianak") == "08.30 WIB"  # same label
    assert fmt_time_dual(OPENING, "Asia/Jakarta", None, "en") == "08:30 WIB"


def test_time_range():
    assert fmt_time_range(OPENING, CLOSING, "Asia/Jakarta") == "08.30–15.00 WIB"
    assert fmt_time_range(OPENING, CLOSING, "Asia/Makassar", "en") == "09:30–16:00 WITA"


def test_period_names_both_days_when_it_ends_on_another_day():
    assert fmt_period(OPENING, CLOSING, "Asia/Jakarta") == "Kamis, 12 November 2020 · 08.30–15.00 WIB"
    next_day = datetime(2020, 11, 13, 8, 0, tzinfo=UTC)
    assert fmt_period(OPENING, next_day, "Asia/Jakarta") == (
        "Kamis, 12 November 2020 08.30 WIB – Jumat, 13 November 2020 15.00 WIB")
    # 16.30 WIB on the 12th is already the 13th in Jayapura.
    late = datetime(2020, 11, 12, 15, 30, tzinfo=UTC)
    assert fmt_period(OPENING, late, "Asia/Jayapura", "en") == (
        "Thursday, 12 November 2020 10:30 WIT – Friday, 13 November 2020 00:30 WIT")


def test_forms_take_wall_clock_time_in_the_events_zone():
    instant = localize(datetime(2020, 11, 12, 8, 30), "Asia/Jakarta")  # noqa: DTZ001
    assert instant == OPENING and instant.tzinfo is not None
    assert to_zone(instant, "Asia/Makassar").hour == 9
    with pytest.raises(ValueError, match="naive"):
        fmt_time(datetime(2020, 11, 12, 8, 30), "Asia/Jakarta")  # noqa: DTZ001
