"""Session and meeting changes: SEQUENCE rises on what a participant notices, and only then."""
from datetime import UTC, datetime, timedelta

import pytest

from lokakarya.events import services
from lokakarya.events.meetings import join_url_problem, provider_for_url
from tests.events.factories import make_event


@pytest.mark.parametrize(("url", "provider"), [
    ("https://us02web.zoom.us/j/851", "zoom"),
    ("https://zoom.us/j/1", "zoom"),
    ("https://meet.google.com/abc-defg-hij", "meet"),
    ("https://teams.microsoft.com/l/meetup-join/x", "teams"),
    ("https://teams.live.com/meet/123", "teams"),
    ("https://meet.jit.si/LokakaryaWilayahI", "jitsi"),
    ("https://www.youtube.com/live/abc", "youtube"),
    ("https://youtu.be/abc", "youtube"),
    ("https://vicon.menpan.go.id/rapat", "other"),
    ("https://zoom.us.example.com/j/1", "other"),
])
def test_provider_is_recognised_from_the_host(url, provider):
    assert provider_for_url(url) == provider


@pytest.mark.parametrize(("url", "problem"), [
    ("http://zoom.us/j/1", "https"), ("", "required"), ("javascript:alert(1)", "https"),
    ("https://", "invalid"), ("https://zoom.us/j/1 2", "invalid"), ("https://zoom.us/j/1", None),
])
def test_join_url_must_be_https(url, problem):
    assert join_url_problem(url) == problem


@pytest.fixture
def event(db):
    return make_event()


def test_sequence_rises_on_time_and_title_only(event):
    session = event.sessions[0]
    assert services.update_session(session, {"description": "baru", "speakers": "Orang Lain"}) is False
    assert session.sequence == 0
    same = {"title": session.title, "starts_at": session.starts_at, "ends_at": session.ends_at}
    assert services.update_session(session, same) is False and session.sequence == 0
    assert services.update_session(session, {"title": "Judul baru"}) is True and session.sequence == 1
    later = session.starts_at + timedelta(minutes=15)
    assert services.update_session(session, {"starts_at": later}) is True and session.sequence == 2
    assert services.update_session(session, {"ends_at": session.ends_at + timedelta(minutes=5)})
    assert session.sequence == 3


def test_sequence_rises_when_the_meeting_changes(event):
    first, second = event.sessions
    own = {"join_url": "https://meet.google.com/abc-defg-hij", "meeting_code": "", "passcode": ""}
    assert services.set_meeting(event, first, own) == [first]
    assert first.meeting.provider == "meet" and first.sequence == 1 and second.sequence == 0
    assert services.set_meeting(event, first, dict(own)) == [] and first.sequence == 1
    # The event-wide meeting reaches only sessions without their own.
    changed = services.set_meeting(event, None, {"join_url": "https://meet.jit.si/baru"})
    assert changed == [second] and second.sequence == 1 and first.sequence == 1
    assert services.set_meeting(event, first, None) == [first] and first.sequence == 2
    assert first.meeting is None


def test_cancel_raises_sequence_once_and_keeps_the_session(event):
    session = event.sessions[0]
    assert services.cancel_session(session) is True
    assert services.cancel_session(session) is False
    assert session.sequence == 1 and session.status == "cancelled" and session in event.sessions


def test_cancelling_the_event_cancels_its_sessions(event):
    cancelled = services.update_event(event, {"status": "cancelled"})
    assert cancelled == event.sessions and all(s.sequence == 1 for s in event.sessions)


def test_overlaps_are_found_but_allowed(event):
    first, second = event.sessions
    assert services.overlapping_ids(event.sessions) == set()
    services.update_session(second, {"starts_at": first.starts_at + timedelta(minutes=30)})
    assert services.overlapping_ids(event.sessions) == {first.id, second.id}
    services.cancel_session(second)
    assert services.overlapping_ids(event.sessions) == set()


def test_reorder_swaps_parallel_sessions_only(event):
    first, second = event.sessions
    assert services.move_session(first, 1) is False  # the next one starts later
    services.update_session(second, {"starts_at": first.starts_at})
    assert services.move_session(first, 1) is True
    assert first.position > second.position


def test_slugs_are_unique(db):
    make_event(slug="lokakarya-2030")
    assert services.slug_for("Lokakarya 2030") == "lokakarya-2030-2"
    assert services.slug_for("Évaluasi: Pelayanan Publik!") == "evaluasi-pelayanan-publik"


def test_invited_provinces_with_quota_override(db):
    event = make_event()
    services.update_event(event, {"province_codes": ["17", "11"], "province_quotas": {"17": 4, "11": None}})
    assert [(p.province_code, p.quota) for p in event.invited] == [("11", None), ("17", 4)]
    services.update_event(event, {"province_codes": ["11"]})
    assert [p.province_code for p in event.invited] == ["11"]


def test_times_stay_aware_utc(db):
    event = make_event(tz="Asia/Jayapura", start=datetime(2030, 1, 1, 0, 0, tzinfo=UTC))
    assert event.sessions[0].starts_at.tzinfo is not None


def test_only_sessions_starting_together_can_be_reordered(event):
    first, second = event.sessions
    assert services.parallel_ids(event.sessions) == set()
    services.update_session(second, {"starts_at": first.starts_at})
    assert services.parallel_ids(event.sessions) == {first.id, second.id}
