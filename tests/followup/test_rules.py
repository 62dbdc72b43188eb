"""Status rules, verification and overdue at the edge of the due date in WIB, WITA and WIT."""
from datetime import UTC, date, datetime

import pytest

from lokakarya.followup.rules import Change, is_overdue, status_change, verification_change

DUE = date(2021, 6, 30)


@pytest.mark.parametrize("zone, last_moment_utc", [
    ("Asia/Jakarta", datetime(2021, 6, 30, 16, 59, 59, tzinfo=UTC)),   # 23:59:59 WIB
    ("Asia/Makassar", datetime(2021, 6, 30, 15, 59, 59, tzinfo=UTC)),  # 23:59:59 WITA
    ("Asia/Jayapura", datetime(2021, 6, 30, 14, 59, 59, tzinfo=UTC)),  # 23:59:59 WIT
])
def test_overdue_starts_at_midnight_after_the_due_date_in_the_province_zone(zone, last_moment_utc):
    from datetime import timedelta

    assert not is_overdue(DUE, "open", zone, last_moment_utc)
    assert is_overdue(DUE, "open", zone, last_moment_utc + timedelta(seconds=1))
    assert not is_overdue(DUE, "done", zone, last_moment_utc + timedelta(days=30))
    assert not is_overdue(DUE, "dropped", zone, last_moment_utc + timedelta(days=30))
    assert is_overdue(DUE, "blocked", zone, last_moment_utc + timedelta(days=30))


def test_owner_moves_between_working_states_and_done_waits_for_verification():
    assert status_change("open", None, "in_progress", organiser=False) == Change("in_progress", None)
    assert status_change("in_progress", None, "blocked", organiser=False) == Change("blocked", None)
    assert status_change("in_progress", None, "done", organiser=False) == Change("done", "pending")
    # The owner may take back a claim that waits (it is no longer pending).
    assert status_change("done", "pending", "in_progress", organiser=False) == Change("in_progress", None)


def test_owner_cannot_drop_nor_touch_a_verified_item():
    assert status_change("open", None, "dropped", organiser=False) == "organiser_only"
    assert status_change("dropped", None, "open", organiser=False) == "dropped_locked"
    assert status_change("done", "verified", "in_progress", organiser=False) == "verified_locked"
    assert status_change("open", None, "finished", organiser=False) == "unknown_status"


def test_organiser_sets_anything_and_done_is_verified_at_once():
    assert status_change("open", None, "dropped", organiser=True) == Change("dropped", None)
    assert status_change("open", None, "done", organiser=True) == Change("done", "verified")
    assert status_change("done", "verified", "in_progress", organiser=True) == Change("in_progress", None)


def test_verification_accepts_or_returns_only_a_pending_claim():
    assert verification_change("done", "pending", accept=True) == Change("done", "verified")
    assert verification_change("done", "pending", accept=False) == Change("in_progress", "returned")
    assert verification_change("in_progress", None, accept=True) == "not_pending"
    assert verification_change("done", "verified", accept=True) == "not_pending"


@pytest.mark.parametrize("code, zone_edge_utc", [
    ("17", datetime(2021, 6, 30, 17, 0, tzinfo=UTC)),   # Bengkulu, WIB
    ("73", datetime(2021, 6, 30, 16, 0, tzinfo=UTC)),   # Sulawesi Selatan, WITA
    ("94", datetime(2021, 6, 30, 15, 0, tzinfo=UTC)),   # Papua, WIT
])
def test_overdue_filter_in_sql_matches_the_province_zone(app, world, add_item, code, zone_edge_utc):
    """The SQL filter (lists, dashboards, API) flips at the same instant as the pure rule."""
    from datetime import timedelta

    from lokakarya.auth.models import User
    from lokakarya.extensions import db
    from lokakarya.followup.dashboard import build
    from lokakarya.followup.queries import Filters, item_page

    add_item(code, due=DUE)
    organiser = User(email="x@example.go.id", name="X", role="organiser")
    with app.app_context():
        for instant, expected in ((zone_edge_utc - timedelta(seconds=1), 0), (zone_edge_utc, 1)):
            _items, total = item_page(organiser, Filters(overdue=True), instant, 10, 0)
            assert total == expected
            assert build(organiser, Filters(), instant).total.overdue == expected
        db.session.rollback()
