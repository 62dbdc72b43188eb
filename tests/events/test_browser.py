"""In a real browser: an organiser plans an event with two sessions and a Zoom link; a confirmed
registrant's page shows the link and offers the calendar."""
import pytest

from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.registration.models import Registration

ZOOM = "https://us06web.zoom.us/j/89012345678"


@pytest.mark.browser
def test_organiser_plans_and_registrant_sees_link_and_calendar(page, live_server, make_user, app):
    organiser = make_user("organiser")
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", organiser.email)
    page.fill("input[name=password]", "correct-horse-9")
    page.click("button[type=submit]")

    page.goto(f"{live_server}/events/new")
    page.fill("input[name=title]", "Lokakarya Peramban 2030")
    page.select_option("select[name=timezone]", "Asia/Makassar")
    page.select_option("select[name=status]", "published")
    page.check("input[name=groups][value=sulawesi]")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/events/lokakarya-peramban-2030/manage")

    page.fill("input[name='meeting-join_url']", ZOOM)
    page.fill("input[name='meeting-passcode']", "WIL2")
    page.click("main form[action$='/meeting'] button[type=submit]")
    for title, start, end in (("Pembukaan", "09:00", "09:30"), ("Diskusi Panel", "09:30", "11:00")):
        page.click("[data-testid=add-session]")
        page.fill("input[name=title]", title)
        page.fill("input[name=starts_at]", f"2030-03-05T{start}")
        page.fill("input[name=ends_at]", f"2030-03-05T{end}")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/manage")
    assert page.locator("[data-testid=manage-session-row]").count() == 2

    with app.app_context():
        event = db.session.execute(db.select(Event)).scalar_one()
        registration = Registration(event_id=event.id, name="Andi Makassar", email="andi@example.go.id",
                                    status="confirmed")
        db.session.add(registration)
        db.session.commit()
        token = registration.token

    page.goto(f"{live_server}/r/{token}")
    assert page.locator("[data-testid=agenda-session]").count() == 2
    assert page.locator("[data-testid=join-button]").count() == 2
    # The sessions lie ahead: the raw link and passcode wait for the join window.
    assert ZOOM not in page.content() and "WIL2" not in page.content()
    assert "09.00 WITA" in page.inner_text("[data-testid=personal-agenda]")
    subscribe = page.get_attribute("[data-testid=calendar-subscribe]", "href")
    assert subscribe == f"webcal://lokakarya.test/r/{token}/calendar.ics"  # BASE_URL of the tests
    download = page.get_attribute("[data-testid=calendar-download]", "href")
    feed = page.request.get(download.replace("http://lokakarya.test", live_server))
    assert feed.ok and b"BEGIN:VCALENDAR" in feed.body() and b"Diskusi Panel" in feed.body()
