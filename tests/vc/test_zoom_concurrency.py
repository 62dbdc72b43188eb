"""Two `flask vc sync` passes at once on PostgreSQL (row locks, SKIP LOCKED) create each meeting
once and register each person once. (Checked to fail when the claim reads due rows without its
lock and re-check: both passes then create the same meetings.)"""
from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from lokakarya.events.models import Meeting
from lokakarya.extensions import db
from lokakarya.vc import queue
from tests.events.factories import make_event, make_registration

START = datetime(2030, 3, 5, 2, 0, tzinfo=UTC)


def _schedule(app, meetings=6, people=4):
    with app.app_context():
        event = make_event(slug="serentak", sessions=meetings, start=START, meeting=False)
        for session in event.sessions:
            meeting = Meeting(event_id=event.id, session_id=session.id, provider="zoom", join_url="")
            db.session.add(meeting)
            db.session.flush()
            queue.requested(meeting, "zoom")
        for n in range(people):
            make_registration(event, n=n + 1)
        db.session.commit()


def _race(app, passes=2):
    from lokakarya.vc.sync import sync_pass

    barrier = threading.Barrier(passes)
    errors = []

    def run():
        with app.app_context():
            try:
                barrier.wait()
                sync_pass()
            except Exception as exc:  # pragma: no cover - shown by the assertion
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(passes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []


@pytest.mark.postgres
def test_two_passes_at_once_create_each_meeting_once(zapp, zoom):
    zoom.create_delay = 0.2  # both passes are busy at the same time
    _schedule(zapp)
    _race(zapp)
    assert len(zoom.meetings) == 6 and len(zoom.calls_to("POST", "/v2/users/")) == 6
    with zapp.app_context():
        ids = db.session.execute(db.select(Meeting.external_id)).scalars().all()
    assert sorted(ids) == sorted(str(i) for i in zoom.meetings)
    assert all(len(people) == 4 for people in zoom.registrants.values())
    assert len(zoom.calls_to("POST", "/v2/meetings/")) == 6 * 4  # each person registered once

