"""Certificates: bulk issue to those who met the threshold, by hand, revoke, the PDF, the
participant's download and e-mail, the public verification page."""
import email
import email.policy
import io

import pytest
from pypdf import PdfReader

from lokakarya.attendance.importing import apply_import, plan_import, read_report
from lokakarya.certificates.models import Certificate
from lokakarya.extensions import db as _db
from lokakarya.mail.models import OutboxMessage
from tests.attendance.helpers import demo_event, registration_by_email, sample
from tests.conftest import login, strip_tags

SLUG = "standar-pelayanan-publik-wilayah-i-2020"
FULL_DAY = "taufik.purba@dpmptsp.sumselprov.example.go.id"  # 08:32-14:59
LEFT_EARLY = "taufik.lestari@dpmptsp.jogjaprov.example.go.id"  # 08:53-09:27


@pytest.fixture
def imported(app, demo):
    with app.app_context():
        event = demo_event()
        apply_import(plan_import(event, read_report(event, sample("zoom-participants.csv"), event.timezone, None)))
        _db.session.commit()


@pytest.fixture
def organiser(client, imported):
    assert login(client, "organiser@lokakarya.example.go.id", "demo-organiser-2020").status_code == 302
    return client


def certificate_of(email_address):
    registration = registration_by_email(email_address)
    return _db.session.execute(
        _db.select(Certificate).where(Certificate.registration_id == registration.id)).scalar_one_or_none()


def test_bulk_issue_reaches_exactly_those_over_the_threshold(organiser, app):
    response = organiser.post(f"/events/{SLUG}/certificates/issue-eligible", follow_redirects=True)
    assert response.status_code == 200
    with app.app_context():
        assert certificate_of(FULL_DAY) is not None
        assert certificate_of(LEFT_EARLY) is None
        count = _db.session.query(Certificate).count()
        mails = _db.session.query(OutboxMessage).filter_by(kind="certificate").all()
        assert len(mails) == count > 40
        message = email.message_from_bytes(mails[0].raw, policy=email.policy.default)
        assert "Sertifikat Anda siap" in message["Subject"]
        assert "/certificate.pdf" in message.get_body(("plain",)).get_content()
    # Issuing again adds nothing.
    organiser.post(f"/events/{SLUG}/certificates/issue-eligible")
    with app.app_context():
        assert _db.session.query(Certificate).count() == count


def test_issue_by_hand_revoke_and_verify(organiser, app):
    client = app.test_client()  # a visitor, not the signed-in organiser
    with app.app_context():
        person = registration_by_email(LEFT_EARLY)
        person_id, token = person.id, person.token
    organiser.post(f"/events/{SLUG}/certificates/issue/{person_id}")
    with app.app_context():
        certificate = certificate_of(LEFT_EARLY)
        code, certificate_id, number = certificate.code, certificate.id, certificate.number
    page = client.get(f"/certificates/{code}")
    text = strip_tags(page.get_data(as_text=True))
    assert page.status_code == 200 and "Sah" in text and number in text
    assert "Taufik" not in text and "jogjaprov" not in text  # no personal data on the public page

    pdf = client.get(f"/r/{token}/certificate.pdf")
    assert pdf.status_code == 200
    content = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Taufik Lestari" in content and number in content and "5 jam 30 menit" in content
    assert f"/certificates/{code}" in content
    assert "Unduh sertifikat" in client.get(f"/r/{token}").get_data(as_text=True)

    organiser.post(f"/events/{SLUG}/certificates/{certificate_id}/revoke", data={"reason": "Salah terbit"})
    text = strip_tags(client.get(f"/certificates/{code}").get_data(as_text=True))
    assert "Dicabut" in text
    assert client.get(f"/r/{token}/certificate.pdf").status_code == 404


def test_unknown_code(client, app):
    response = client.get("/certificates/NOSUCHCODE22")
    assert response.status_code == 404
    assert "Tidak dikenal" in strip_tags(response.get_data(as_text=True))


def test_missing_evaluation_holds_certificates_back(organiser, app):
    """With the evaluation made a condition, only those who answered get their certificate."""
    from lokakarya.evaluation.models import Completion, EvaluationForm

    with app.app_context():
        event = demo_event()
        form = EvaluationForm(event_id=event.id, is_open=True, required_for_certificate=True)
        _db.session.add(form)
        _db.session.flush()
        _db.session.add(Completion(form_id=form.id, registration_id=registration_by_email(FULL_DAY).id))
        _db.session.commit()
    response = organiser.post(f"/events/{SLUG}/certificates/issue-eligible", follow_redirects=True)
    assert "belum mengisi evaluasi" in response.get_data(as_text=True)
    with app.app_context():
        assert certificate_of(FULL_DAY) is not None
        assert _db.session.query(Certificate).count() == 1


def test_certificates_page_is_for_organisers(client, demo, login_as):
    login_as("province_focal_point", province_code="17")
    assert client.get(f"/events/{SLUG}/certificates").status_code == 403
    assert client.post(f"/events/{SLUG}/certificates/issue-eligible").status_code == 403


def test_a_multi_day_event_reads_from_its_first_day_to_its_last(organiser, app):
    """The days are in calendar order, not in the alphabetical order of their names."""
    from datetime import timedelta

    from lokakarya.certificates.services import content
    from lokakarya.events.models import EventSession

    with app.app_context():
        event = demo_event()
        last = max(event.sessions, key=lambda s: s.starts_at)
        next_day = last.starts_at + timedelta(days=1)  # Kamis 12 → Jumat 13 November 2020
        event.sessions.append(EventSession(title="Hari kedua", starts_at=next_day,
                                           ends_at=next_day + timedelta(hours=1), position=len(event.sessions)))
        _db.session.flush()
        person = registration_by_email(FULL_DAY)
        certificate = Certificate(event_id=event.id, serial=1, code="X", issued_at=next_day)
        when = content(certificate, person, event, "id").when
        assert when.startswith("Kamis, 12 November 2020 – Jumat, 13 November 2020"), when
        _db.session.rollback()


def test_the_list_pages_and_filters_and_a_certificate_issued_on_page_two_returns_there(organiser, app):
    page = organiser.get(f"/events/{SLUG}/certificates").get_data(as_text=True)
    totals = strip_tags(page.split('data-testid="certificate-totals">')[1].split("</p>")[0])
    eligible = int(totals.split("Memenuhi syarat kehadiran:")[1].split()[0])
    assert page.count('<tr id="r') == 50 and "Terbit: 0" in totals and eligible > 40
    second = organiser.get(f"/events/{SLUG}/certificates?page=2").get_data(as_text=True)
    assert second.count('<tr id="r') == 31
    hadir = organiser.get(f"/events/{SLUG}/certificates?status=hadir").get_data(as_text=True)
    assert hadir.count('<tr id="r') == min(eligible, 50)
    assert f"{eligible} peserta sesuai saringan" in strip_tags(hadir)
    with app.app_context():
        person_id = registration_by_email(LEFT_EARLY).id
    listed = organiser.get(f"/events/{SLUG}/certificates?status=sebagian&page=1").get_data(as_text=True)
    assert f'id="r{person_id}"' in listed
    response = organiser.post(f"/events/{SLUG}/certificates/issue/{person_id}",
                              data={"page": "2", "status": "sebagian"})
    assert response.location.endswith(f"/certificates?status=sebagian&page=2#r{person_id}")
    totals = strip_tags(organiser.get(f"/events/{SLUG}/certificates").get_data(as_text=True))
    assert "Terbit: 1" in totals
