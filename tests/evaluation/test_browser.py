"""A participant on the day: the reminder's join link, the slides, the evaluation, the certificate."""
import email
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lokakarya.attendance.models import Attendance
from lokakarya.evaluation.services import ensure_form
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.mail.models import OutboxMessage
from lokakarya.materials.services import add_file
from lokakarya.registration.models import Registration
from lokakarya.reminders.sending import send_due
from lokakarya.timeutil import now_utc
from tests.materials.samples import PDF
from tests.reminders.builders import make_registration


@pytest.mark.browser
def test_participant_joins_downloads_answers_and_gets_the_certificate(app, db, live_server, phone_page):
    start = now_utc().replace(second=0, microsecond=0) + timedelta(minutes=20)
    event = Event(slug="lokakarya-hari-ini", title="Lokakarya Hari Ini", timezone="Asia/Jakarta",
                  status="published", attendance_threshold=0)
    session = EventSession(title="Kebijakan Standar Pelayanan", starts_at=start, ends_at=start + timedelta(hours=1))
    event.sessions.append(session)
    # The "video meeting" is a page of the app itself, so the redirect lands somewhere real.
    event.meetings.append(Meeting(provider="other", join_url=f"{live_server}/events/lokakarya-hari-ini",
                                  passcode="WIL1"))
    db.session.add(event)
    db.session.commit()
    person = make_registration(event, province="51")
    add_file(session, "Bahan paparan", "registrants", "paparan.pdf", PDF)
    form = ensure_form(event)
    form.is_open = form.required_for_certificate = True
    db.session.commit()

    assert send_due(start - timedelta(minutes=30)) == 1  # the 60-minute reminder is due
    raw = db.session.execute(sa.select(OutboxMessage)).scalar_one().raw
    db.session.commit()  # composing the message stores it; release SQLite's write lock
    text = next(p for p in email.message_from_bytes(raw).walk()
                if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    join = re.search(r"http://lokakarya\.test(/r/\S+/join/\d+)", text).group(1)

    page = phone_page
    page.goto(live_server + join)  # the reminder's join link records the join, then opens the meeting
    assert page.url.endswith("/events/lokakarya-hari-ini")
    attended = db.session.execute(sa.select(Attendance).where(Attendance.registration_id == person.id)).scalar_one()
    assert attended.source == "link" and attended.first_join_at is not None

    page.goto(f"{live_server}/r/{person.token}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Bahan paparan").click()
    assert download.value.suggested_filename == "paparan.pdf"
    with open(download.value.path(), "rb") as fh:
        assert fh.read() == PDF

    for question in page.get_by_test_id("question").all()[:4]:
        question.get_by_label("5").check()
    page.get_by_test_id("question").nth(4).locator("textarea").fill("Mohon rekaman dibagikan.")
    page.get_by_role("button", name="Kirim evaluasi").click()
    page.get_by_test_id("evaluation-done").wait_for()

    # The organiser marks attendance and issues certificates; the answered evaluation lets it through.
    from lokakarya.attendance.services import mark_manual
    from lokakarya.certificates.services import issue_to_eligible

    with app.test_request_context("/"):
        mark_manual(person, session, "present")
        issued, held = issue_to_eligible(db.session.get(Event, event.id))
        db.session.commit()
    assert issued == [person.id] and held == set()
    page.goto(f"{live_server}/r/{person.token}")
    link = page.get_by_role("button", name="Unduh sertifikat (PDF)")
    certificate = page.request.get(live_server + link.get_attribute("href"))
    assert certificate.ok and certificate.body()[:5] == b"%PDF-"
    assert db.session.get(Registration, person.id).status == "confirmed"
