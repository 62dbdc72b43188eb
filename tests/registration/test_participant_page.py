"""The participant's page: the notice right after registering, join buttons that say their
state, and the raw meeting link only while the join window is open, once per meeting."""
from datetime import timedelta

from lokakarya.extensions import db as _db
from lokakarya.timeutil import now_utc
from tests.conftest import strip_tags
from tests.events.factories import PASSCODE, make_event, make_registration
from tests.registration.factory import make_agencies, person
from tests.registration.factory import make_event as make_open_event


def page_for(app, client, start, sessions=2, minutes=60, lang=None):
    with app.app_context():
        event = make_event(sessions=sessions, start=start, minutes=minutes)
        token = make_registration(event).token
        _db.session.commit()
    if lang:
        client.get(f"/lang/{lang}?next=/")
    return client.get(f"/r/{token}").get_data(as_text=True)


def test_right_after_registering_the_page_says_so_once(client, db):
    make_open_event()
    [agency] = make_agencies("17")
    data = {**person(1), "province": "17", "agency_id": str(agency), "consent": "y"}
    response = client.post("/events/uji/register", data=data)
    page = strip_tags(client.get(response.location).get_data(as_text=True))
    assert "Anda sudah terdaftar. Status: Terkonfirmasi." in page
    assert "Simpan (bookmark) halaman ini" in page and "peserta1@example.go.id" in page
    assert "Anda sudah terdaftar" not in strip_tags(client.get(response.location).get_data(as_text=True))


def test_while_open_the_link_and_passcode_show_once_for_sessions_sharing_a_meeting(client, app):
    # Two sessions of 60 minutes, the first running, the second opening within its 30 minutes.
    html = page_for(app, client, now_utc() - timedelta(minutes=40))
    assert html.count('data-join-state="open"') == 2
    assert html.count(PASSCODE) == 1 and html.count('data-testid="meeting"') == 1
    assert strip_tags(html).count("Gabung sekarang") == 2


def test_before_the_window_the_button_says_when_it_opens_and_hides_the_link(client, app):
    html = page_for(app, client, now_utc() + timedelta(days=2), lang="en")
    text = strip_tags(html)
    assert html.count('data-join-state="waiting"') == 2
    assert "Opens at" in text and "Dibuka" not in text
    assert 'data-days="days"' in html
    assert PASSCODE not in html and "zoom.us" not in html


def test_after_the_end_the_session_says_it_ended_and_hides_the_link(client, app):
    html = page_for(app, client, now_utc() - timedelta(hours=5))
    assert html.count('data-join-state="ended"') == 2
    assert "Sesi sudah selesai" in strip_tags(html)
    assert PASSCODE not in html and "/join/" not in html
