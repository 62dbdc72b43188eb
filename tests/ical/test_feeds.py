"""Calendars served by the app, the join link and the participant page's calendar section."""
import email
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from lokakarya.extensions import db
from lokakarya.ical.feed_tokens import organiser_feed_url
from lokakarya.mail.models import OutboxMessage
from lokakarya.timeutil import now_utc
from tests.events.factories import PASSCODE, ZOOM, make_event, make_registration


def events_of(ics: bytes):
    return icalendar.Calendar.from_ical(ics).walk("VEVENT")


@pytest.fixture
def planned(app):
    """A published event with two sessions and a Zoom meeting; one registration per status."""
    with app.app_context():
        event = make_event()
        regs = {status: make_registration(event, status, n=i).token
                for i, status in enumerate(("confirmed", "pending", "waitlisted", "cancelled"))}
        db.session.commit()
        return {"slug": event.slug, "tokens": regs, "session_ids": [s.id for s in event.sessions]}


def test_public_calendar_publishes_sessions_without_links(client, planned):
    response = client.get(f"/events/{planned['slug']}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["METHOD"] == "PUBLISH"
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Sesi 1", "Sesi 2"]
    assert b"ATTENDEE" not in response.data and b"zoom.us" not in response.data
    assert PASSCODE.encode() not in response.data and b"/join/" not in response.data


def test_per_session_download(client, planned):
    session_id = planned["session_ids"][1]
    response = client.get(f"/events/{planned['slug']}/sessions/{session_id}.ics")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert [str(e["SUMMARY"]) for e in events_of(response.data)] == ["Sesi 2"]
    assert client.get(f"/events/{planned['slug']}/sessions/99999.ics").status_code == 404


def test_draft_calendar_is_hidden_from_the_public(client, app):
    with app.app_context():
        make_event(slug="draf", status="draft")
        db.session.commit()
    assert client.get("/events/draf/calendar.ics").status_code == 404


def test_personal_feed_of_a_confirmed_registrant_has_the_join_link_everywhere(client, planned):
    token = planned["tokens"]["confirmed"]
    response = client.get(f"/r/{token}/calendar.ics")
    assert response.status_code == 200
    # Out of shared caches; the subscribed client keeps it and revalidates every poll.
    assert response.headers["Cache-Control"] == "private, no-cache"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["X-WR-CALNAME"] == "Lokakarya Uji" and calendar["NAME"] == "Lokakarya Uji"
    first = calendar.walk("VEVENT")[0]
    join = f"http://lokakarya.test/r/{token}/join/{planned['session_ids'][0]}"
    assert str(first["LOCATION"]) == join and str(first["URL"]) == join
    assert join in str(first["DESCRIPTION"]) and PASSCODE in str(first["DESCRIPTION"])
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.data


@pytest.mark.parametrize("status", ["pending", "waitlisted"])
def test_feed_of_an_unconfirmed_registrant_has_no_link(client, planned, status):
    data = client.get(f"/r/{planned['tokens'][status]}/calendar.ics").data
    assert len(events_of(data)) == 2
    assert b"/join/" not in data and b"zoom.us" not in data and PASSCODE.encode() not in data


def test_feed_of_a_cancelled_registration_is_empty(client, planned):
    data = client.get(f"/r/{planned['tokens']['cancelled']}/calendar.ics").data
    assert events_of(data) == []


def _session_at(app, slug, starts_in: timedelta, length=timedelta(hours=1), status="confirmed"):
    with app.app_context():
        event = make_event(slug=slug, sessions=1, start=now_utc() + starts_in, minutes=int(length.seconds / 60))
        registration = make_registration(event, status)
        db.session.commit()
        return registration.token, event.sessions[0].id


def test_join_redirects_to_the_meeting_and_records_attendance(client, app):
    from lokakarya.attendance.models import Attendance

    token, session_id = _session_at(app, "sekarang", timedelta(minutes=-5))
    response = client.get(f"/r/{token}/join/{session_id}")
    assert response.status_code == 303 and response.headers["Location"] == ZOOM
    assert response.headers["Referrer-Policy"] == "no-referrer"
    with app.app_context():
        row = db.session.execute(db.select(Attendance)).scalar_one()
        assert row.session_id == session_id and row.source == "link"


def test_join_opens_thirty_minutes_before(client, app):
    token, session_id = _session_at(app, "segera", timedelta(minutes=25))
    assert client.get(f"/r/{token}/join/{session_id}").status_code == 303


def test_join_too_early_shows_the_start_time_and_a_countdown(client, app):
    token, session_id = _session_at(app, "nanti", timedelta(hours=3))
    response = client.get(f"/r/{token}/join/{session_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="countdown"' in html and "WIB" in html
    assert ZOOM not in html


def test_join_after_the_end_is_refused(client, app):
    token, session_id = _session_at(app, "lewat", timedelta(hours=-3))
    response = client.get(f"/r/{token}/join/{session_id}")
    assert response.status_code == 403 and "sudah selesai" in response.get_data(as_text=True)


@pytest.mark.parametrize("status", ["pending", "cancelled", "waitlisted"])
def test_join_is_refused_to_unconfirmed_registrants(client, app, status):
    token, session_id = _session_at(app, "tolak", timedelta(minutes=-5), status=status)
    response = client.get(f"/r/{token}/join/{session_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and "dikonfirmasi" in html and ZOOM not in html


def test_join_to_a_cancelled_session_is_refused(client, app):
    token, session_id = _session_at(app, "batal", timedelta(minutes=-5))
    with app.app_context():
        from lokakarya.events.models import EventSession

        db.session.get(EventSession, session_id).status = "cancelled"
        db.session.commit()
    response = client.get(f"/r/{token}/join/{session_id}")
    assert response.status_code == 403 and "dibatalkan" in response.get_data(as_text=True)


def test_personal_page_offers_calendars_and_join_buttons_when_confirmed(client, planned):
    token = planned["tokens"]["confirmed"]
    html = client.get(f"/r/{token}").get_data(as_text=True)
    assert f"webcal://lokakarya.test/r/{token}/calendar.ics" in html
    assert "calendar.google.com/calendar/render?cid=webcal" in html
    assert "outlook.live.com/calendar/0/addfromweb" in html
    assert f"/r/{token}/join/{planned['session_ids'][0]}" in html
    # The sessions lie ahead: the raw link and passcode wait for the join window (they would
    # bypass the join tracking); tests/registration/test_participant_page.py covers the window.
    assert PASSCODE not in html and "Langganan" in html


def test_personal_page_of_a_pending_registrant_has_no_link(client, planned):
    html = client.get(f"/r/{planned['tokens']['pending']}").get_data(as_text=True)
    assert "/join/" not in html and ZOOM not in html and PASSCODE not in html
    assert "setelah pendaftaran Anda dikonfirmasi" in html


def test_invitations_are_one_request_per_session_for_the_registrant(app, planned):
    from lokakarya.ical.invites import session_cancellations, session_invitations
    from lokakarya.registration.models import Registration

    with app.test_request_context():
        registration = db.session.execute(db.select(Registration).where(
            Registration.token == planned["tokens"]["confirmed"])).scalar_one()
        invites = session_invitations(registration)
        assert len(invites) == 2  # iTIP: one UID per message
        uids = set()
        for invite in invites:
            assert invite.part.method == "REQUEST" and invite.attachment.filename.endswith(".ics")
            calendar = icalendar.Calendar.from_ical(invite.part.ics)
            [vevent] = calendar.walk("VEVENT")
            assert calendar["METHOD"] == "REQUEST" and str(vevent["UID"]) == invite.session.uid
            assert "peserta0@example.go.id" in str(vevent["ATTENDEE"])
            uids.add(str(vevent["UID"]))
        assert len(uids) == 2
        cancels = session_cancellations(registration)
        assert [c.session.uid for c in cancels] == [i.session.uid for i in invites]
        for cancel in cancels:
            assert icalendar.Calendar.from_ical(cancel.part.ics)["METHOD"] == "CANCEL"
            assert b"/join/" not in cancel.part.ics


def test_organiser_feed_lists_their_events_with_meetings(client, app, make_user):
    user = make_user("organiser")
    with app.test_request_context():
        make_event(slug="milik-saya", created_by_id=user.id)
        make_event(slug="milik-lain", title="Acara Lain")
        db.session.commit()
        from lokakarya.auth.models import User

        url = organiser_feed_url(db.session.get(User, user.id))
    response = client.get(url.replace("http://lokakarya.test", ""))
    assert response.status_code == 200
    summaries = [str(e["SUMMARY"]) for e in events_of(response.data)]
    assert summaries == ["Sesi 1", "Sesi 2"]
    assert ZOOM.encode() in response.data
    assert client.get("/organiser/forged/calendar.ics").status_code == 404


def _outbox(app):
    with app.app_context():
        rows = db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        return [(row.recipient, email.message_from_bytes(row.raw)) for row in rows]


def _calendar_of(message):
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return part.get_param("method"), icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_time_change_sends_requests_with_raised_sequence_to_confirmed_only(client, app, planned, login_as):
    login_as("organiser")
    session_id = planned["session_ids"][0]
    response = client.post(f"/events/{planned['slug']}/sessions/{session_id}/edit", data={
        "title": "Sesi 1", "starts_at": "2030-03-05T10:00", "ends_at": "2030-03-05T11:00",
        "description": "Tentang sesi 1", "speakers": "Narasumber A\nNarasumber B",
    })
    assert response.status_code == 302
    messages = _outbox(app)
    assert [to for to, _ in messages] == ["peserta0@example.go.id"]
    method, calendar = _calendar_of(messages[0][1])
    assert method == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["SEQUENCE"] == 1
    assert vevent["DTSTART"].dt.astimezone(UTC) == datetime(2030, 3, 5, 3, 0, tzinfo=UTC)
    attachments = [p.get_filename() for p in messages[0][1].walk() if p.get_filename()]
    assert attachments == ["sesi-1.ics"]


def test_description_change_sends_nothing(client, app, planned, login_as):
    login_as("organiser")
    session_id = planned["session_ids"][0]
    response = client.post(f"/events/{planned['slug']}/sessions/{session_id}/edit", data={
        "title": "Sesi 1", "starts_at": "2030-03-05T09:00", "ends_at": "2030-03-05T10:00",
        "description": "Deskripsi baru", "speakers": "Narasumber C",
    })
    assert response.status_code == 302
    assert _outbox(app) == []
    html = client.get(f"/events/{planned['slug']}").get_data(as_text=True)
    assert "Deskripsi baru" in html and "Narasumber C" in html


def test_cancelled_session_sends_cancel_with_the_same_uid(client, app, planned, login_as):
    login_as("organiser")
    session_id = planned["session_ids"][1]
    with app.app_context():
        from lokakarya.events.models import EventSession

        uid = db.session.get(EventSession, session_id).uid
    client.post(f"/events/{planned['slug']}/sessions/{session_id}/cancel")
    ((to, message),) = _outbox(app)
    method, calendar = _calendar_of(message)
    (vevent,) = calendar.walk("VEVENT")
    assert method == "CANCEL" and calendar["METHOD"] == "CANCEL"
    assert str(vevent["UID"]) == uid and str(vevent["STATUS"]) == "CANCELLED" and vevent["SEQUENCE"] == 1
    public = client.get(f"/events/{planned['slug']}/calendar.ics").data
    statuses = [str(e["STATUS"]) for e in events_of(public)]
    assert statuses == ["CONFIRMED", "CANCELLED"]
    assert "Dibatalkan" in client.get(f"/events/{planned['slug']}").get_data(as_text=True)


def test_refusal_speaks_english_when_asked(client, app):
    token, session_id = _session_at(app, "inggris", timedelta(minutes=-5), status="pending")
    html = client.get(f"/r/{token}/join/{session_id}?lang=en").get_data(as_text=True)
    assert "only for participants whose registration is confirmed" in html


def test_confirmation_of_a_two_session_event_invites_each_session_in_its_own_message(app, planned):
    """Outlook and Gmail act on the first event of a REQUEST only, so each session travels alone.
    The invitations are queued when the confirmation is written, at its delivery."""
    from lokakarya.mail.delivery import deliver_due
    from lokakarya.registration.models import Registration
    from lokakarya.registration.notify import notify

    with app.test_request_context():
        registration = db.session.execute(db.select(Registration).where(
            Registration.token == planned["tokens"]["confirmed"])).scalar_one()
        notify(registration, "confirmed")
        db.session.commit()
        assert len(db.session.execute(db.select(OutboxMessage)).all()) == 1
        assert deliver_due() == {"sent": 3, "retry": 0, "failed": 0}
    messages = _outbox(app)
    confirmation, *invitations = [message for _to, message in messages]
    assert not any(p.get_content_type() == "text/calendar" for p in confirmation.walk())
    text = next(p for p in confirmation.walk() if p.get_content_type() == "text/plain")
    assert "e-mail terpisah" in text.get_payload(decode=True).decode()
    assert len(invitations) == 2
    uids = []
    for message in invitations:
        method, calendar = _calendar_of(message)
        (vevent,) = calendar.walk("VEVENT")
        assert method == "REQUEST" and vevent["ATTENDEE"].params["RSVP"] == "TRUE"
        uids.append(str(vevent["UID"]))
    assert len(set(uids)) == 2
