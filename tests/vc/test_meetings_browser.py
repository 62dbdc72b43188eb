"""The organiser's meetings page in Chromium, in Indonesian and in English, at 360 px (a phone) and
1280 px: each created meeting's state (created, being updated, failed with our words and Zoom's
own, and a retry button); the retry click queues the meeting again and the worker's next pass
creates it. The app runs over HTTP against the strict local Zoom (tests/vc/zoom_server.py)."""
import re
import threading
from datetime import timedelta

import pytest
from werkzeug.serving import make_server

from lokakarya.events import services
from lokakarya.events.models import EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.vc import queue
from tests.events.factories import make_event
from tests.journeys.conftest import check_page, choose_language
from tests.vc.test_zoom_flow import FUTURE, cli

pytestmark = pytest.mark.browser
SLUG = "lokakarya-rapat"
WORDS = {
    "id": {"created": "Dibuat", "updating": "Sedang diperbarui", "failed": "Gagal", "retry": "Coba lagi",
           "why": "Memperbarui rapat: Zoom (127.0.0.1) menjawab dengan galat HTTP 404.",
           "theirs": "Pesan dari Zoom", "queued": "Dijadwalkan ulang"},
    "en": {"created": "Created", "updating": "Being updated", "failed": "Failed", "retry": "Try again",
           "why": "Updating the meeting: Zoom (127.0.0.1) answered with HTTP error 404.",
           "theirs": "Message from Zoom", "queued": "Rescheduled"},
}


@pytest.fixture
def zoom_site(make_app, zoom):
    app = make_app(**zoom.config())
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{http.server_port}"
    http.shutdown()


@pytest.fixture(params=(360, 1280), ids=lambda w: f"{w}px")
def window(request, browser):
    phone = request.param < 600
    context = browser.new_context(viewport={"width": request.param, "height": 800}, is_mobile=phone,
                                  has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def meetings_in_three_states(app, zoom, owner_id) -> dict[str, tuple[int, int]]:
    """Three sessions with Zoom meetings: one created, one whose move is not sent yet, one whose
    update Zoom refused (the meeting was deleted there). → state → (meeting id, Zoom's id)."""
    with app.app_context():
        event = make_event(slug=SLUG, sessions=3, start=FUTURE, meeting=False, created_by_id=owner_id)
        for session in event.sessions:
            meeting = Meeting(event_id=event.id, session_id=session.id, provider="zoom", join_url="")
            db.session.add(meeting)
            db.session.flush()
            queue.requested(meeting, "zoom")
        db.session.commit()
    cli(app, "vc", "sync")
    with app.app_context():
        sessions = db.session.execute(db.select(EventSession).order_by(EventSession.position)).scalars().all()
        ids = {state: (s.meeting.id, int(s.meeting.external_id))
               for state, s in zip(("created", "updating", "failed"), sessions, strict=True)}
        # Deleted at Zoom by someone, then moved here: Zoom answers 404 "Meeting does not exist".
        kept = zoom.meetings.pop(ids["failed"][1])
        later = sessions[2].starts_at + timedelta(hours=1)
        services.update_session(sessions[2], {"starts_at": later, "ends_at": later + timedelta(hours=1)})
        renamed = sessions[1].id
        db.session.commit()
    cli(app, "vc", "sync")
    with app.app_context():  # renamed; the worker has not sent it yet
        services.update_session(db.session.get(EventSession, renamed), {"title": "Sesi 2: Pindah Ruang"})
        db.session.commit()
    ids["kept"] = kept
    return ids


@pytest.mark.parametrize("lang", ("id", "en"))
def test_states_retry_and_a_phone_screen(window, zoom_site, zoom, make_user, stored, lang):
    app, base = zoom_site
    owner = make_user("organiser", email="panitia@kemendagri.example.go.id")
    ids = meetings_in_three_states(app, zoom, owner.id)
    words, page = WORDS[lang], window
    choose_language(page, base, lang)
    page.goto(f"{base}/login")
    page.fill("input[name=email]", owner.email)
    page.fill("input[name=password]", "correct-horse-9")
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/tasks(\?.*)?$"))
    page.goto(f"{base}/events/{SLUG}/meetings")
    check_page(page, lang, stored)

    def row(state):
        return page.get_by_test_id(f"meeting-{ids[state][0]}")

    assert row("created").get_by_test_id("state").inner_text() == words["created"]
    assert row("updating").get_by_test_id("state").inner_text() == words["updating"]
    failed = row("failed")
    assert failed.get_by_test_id("state").inner_text() == words["failed"]
    message = failed.get_by_test_id("error").inner_text()
    assert words["why"] in message and words["theirs"] in message
    assert failed.get_by_test_id("error-provider").inner_text() == f"Meeting does not exist: {ids['failed'][1]}."
    assert row("created").get_by_test_id("retry").count() == 0
    button = failed.get_by_test_id("retry")
    assert button.inner_text() == words["retry"] and button.is_visible()

    with page.expect_navigation():
        button.click()  # queued again: nothing is called inside the request
    check_page(page, lang, stored)
    assert words["queued"] in page.locator("main").inner_text()
    assert row("failed").get_by_test_id("state").inner_text() == words["updating"]
    assert row("failed").get_by_test_id("retry").count() == 0

    zoom.meetings[ids["failed"][1]] = ids["kept"]  # back at Zoom; the worker's next pass sends both
    cli(app, "vc", "sync")
    page.reload()
    check_page(page, lang, stored)
    for state in ("created", "updating", "failed"):
        assert row(state).get_by_test_id("state").inner_text() == words["created"]
    assert page.get_by_test_id("error").count() == 0
