"""Join links never leak into public output; pages and feeds run a fixed number of statements."""
import pytest

from lokakarya.events.services import set_invited, set_meeting
from lokakarya.extensions import db
from lokakarya.ical.invites import session_invitations
from tests.events.factories import PASSCODE, ZOOM, make_event, make_registration

SECRETS = (ZOOM, "zoom.us", PASSCODE, "/join/", "812 3456 7890")


def public_urls(slug: str, session_id: int) -> list[str]:
    return ["/", f"/events/{slug}", f"/events/{slug}/calendar.ics", f"/events/{slug}/sessions/{session_id}.ics",
            "/api/v1/events", f"/api/v1/events/{slug}", f"/api/v1/events/{slug}/sessions",
            "/api/v1/openapi.json", f"/events/{slug}?lang=en"]


def test_no_public_page_calendar_or_api_answer_carries_a_join_link(client, app, api_token):
    with app.test_request_context():
        event = make_event()
        session_id = event.sessions[0].id
        own = event.sessions[1]
        set_meeting(event, own, {"join_url": "https://meet.google.com/own-sess-ion", "passcode": PASSCODE})
        confirmed = make_registration(event)
        make_registration(event, "pending", n=2)
        db.session.commit()
        token = confirmed.token
    _, focal = api_token("province_focal_point", province_code="17")
    scanned = 0
    for headers in ({}, {"Authorization": f"Bearer {focal}"}):
        for url in public_urls("lokakarya-uji", session_id):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, url
            body = response.get_data(as_text=True)
            for secret in (*SECRETS, "meet.google.com/own-sess-ion", token):
                assert secret not in body, (url, secret)
            scanned += 1
    assert scanned == 18
    # … while the confirmed registrant's own page has the join links (the raw link itself only
    # while a session's join window is open: tests/registration/test_participant_page.py) and
    # the feed has them.
    assert f"/r/{token}/join/" in client.get(f"/r/{token}").get_data(as_text=True)
    assert b"/join/" in client.get(f"/r/{token}/calendar.ics").data


def test_confirmed_invitation_mail_calendar_has_the_link(app):
    with app.test_request_context():
        event = make_event()
        invites = session_invitations(make_registration(event))
        assert invites and all(b"/join/" in i.part.ics and PASSCODE.encode() in i.part.ics for i in invites)


def _build(app, slug, sessions, registrations):
    with app.app_context():
        event = make_event(slug=slug, sessions=sessions)
        set_invited(event, ["11", "12", "13", "17"][: max(1, sessions // 8)], {})
        for i, session in enumerate(event.sessions[::3]):
            set_meeting(event, session, {"join_url": f"https://zoom.us/j/{i}"})
        tokens = [make_registration(event, n=i).token for i in range(registrations)]
        db.session.commit()
        return tokens[0]


@pytest.mark.parametrize("path", ["/events/{slug}", "/events/{slug}/calendar.ics", "/r/{token}/calendar.ics",
                                  "/r/{token}", "/api/v1/events", "/api/v1/events/{slug}/sessions", "/"])
def test_statements_do_not_grow_with_the_agenda(client, app, query_counter, path):
    counts = []
    for size in (2, 40):
        slug = f"ukuran-{size}"
        token = _build(app, slug, sessions=size, registrations=size)
        with query_counter() as n:
            response = client.get(path.format(slug=slug, token=token))
        assert response.status_code == 200
        counts.append(n[0])
    assert counts[0] == counts[1], counts


def test_organiser_pages_and_feed_do_not_grow_with_the_agenda(client, app, query_counter, login_as):
    from lokakarya.auth.models import User
    from lokakarya.ical.feed_tokens import organiser_feed_url

    user = login_as("organiser")
    counts = {"manage": [], "feed": []}
    for size in (2, 40):
        _build(app, f"kelola-{size}", sessions=size, registrations=3)
        with app.app_context():
            from lokakarya.events.models import Event

            db.session.execute(db.update(Event).values(created_by_id=user.id))
            db.session.commit()
            feed = organiser_feed_url(db.session.get(User, user.id)).replace("http://lokakarya.test", "")
        with query_counter() as n:
            assert client.get(f"/events/kelola-{size}/manage").status_code == 200
        counts["manage"].append(n[0])
        with query_counter() as n:
            assert client.get(feed).status_code == 200
        counts["feed"].append(n[0])
    assert counts["manage"][0] == counts["manage"][1], counts
    assert counts["feed"][0] == counts["feed"][1], counts
