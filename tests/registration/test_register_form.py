"""Registering through the public form, and what the registrant then sees and receives."""
import email
import email.policy
from datetime import timedelta

import pytest

from lokakarya.agencies.models import Agency
from lokakarya.extensions import db as _db
from lokakarya.mail.models import OutboxMessage
from lokakarya.registration.consent import CONSENT_VERSION
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc
from tests.conftest import strip_tags
from tests.registration.factory import make_agencies, make_event, person


def form_data(n, agency_id, **extra):
    data = {**person(n), "agency_id": str(agency_id), "consent": "y"}
    data.update(extra)
    return data


def outbox(kind=None):
    rows = _db.session.execute(_db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
    return [r for r in rows if kind is None or r.kind == kind]


def test_register_lands_on_personal_page_with_confirmation_mail(client, db):
    make_event()
    [agency] = make_agencies("17")
    page = client.get("/events/uji/register?province=17")
    assert page.status_code == 200
    assert "Dinas dukcapil 17-0" in page.get_data(as_text=True)
    response = client.post("/events/uji/register", data=form_data(1, agency))
    assert response.status_code == 302
    assert response.location.startswith("/r/")
    personal = strip_tags(client.get(response.location).get_data(as_text=True))
    assert "Peserta Uji 1" in personal and "Terkonfirmasi" in personal
    registration = db.session.execute(db.select(Registration)).scalar_one()
    assert registration.phone == "+6281200000001"
    assert registration.consent_version == CONSENT_VERSION and registration.consented_at is not None
    [mail] = outbox("registration_confirmed")
    message = email.message_from_bytes(mail.raw, policy=email.policy.default)
    assert mail.recipient == "peserta1@example.go.id"
    body = message.get_body(("plain",)).get_content()
    assert f"/r/{registration.token}" in body


def test_english_registrant_gets_english_mail(client, db):
    make_event()
    [agency] = make_agencies("17")
    client.get("/?lang=en")
    client.post("/events/uji/register?lang=en", data=form_data(1, agency))
    [mail] = outbox()
    assert mail.subject.startswith("Registration confirmed")


def test_bad_input_is_explained_and_nothing_saved(client, db):
    make_event()
    [agency] = make_agencies("17")
    response = client.post("/events/uji/register", data=form_data(
        1, agency, nip="19860926 201505 3 001", phone="12345", consent=""))
    assert response.status_code == 422
    text = strip_tags(response.get_data(as_text=True))
    assert "Angka ke-15 NIP harus 1 (pria) atau 2 (wanita), bukan 3." in text
    assert "Nomor ponsel tidak valid" in text
    assert "Centang persetujuan" in text
    assert db.session.execute(db.select(Registration)).first() is None
    assert outbox() == []


def test_duplicate_nip_or_email_is_refused_with_offer_to_resend(client, db):
    make_event()
    [agency] = make_agencies("17")
    client.post("/events/uji/register", data=form_data(1, agency))
    again = client.post("/events/uji/register", data=form_data(2, agency, nip=person(1)["nip"]))
    assert again.status_code == 422
    assert 'data-testid="duplicate"' in again.get_data(as_text=True)
    same_mail = client.post("/events/uji/register", data=form_data(3, agency, email="PESERTA1@example.go.id"))
    assert same_mail.status_code == 422
    assert db.session.execute(db.select(db.func.count()).select_from(Registration)).scalar() == 1
    # The offer: the link goes to the registered address, whatever address is typed.
    client.post("/events/uji/link", data={"email": "peserta1@example.go.id"})
    client.post("/events/uji/link", data={"email": "nobody@example.go.id"})
    links = outbox("registration_link")
    assert [m.recipient for m in links] == ["peserta1@example.go.id"]


def test_resend_answer_never_reveals_whether_registered(client, db):
    make_event()
    [agency] = make_agencies("17")
    client.post("/events/uji/register", data=form_data(1, agency))
    known = client.post("/events/uji/link", data={"email": "peserta1@example.go.id"}, follow_redirects=True)
    unknown = client.post("/events/uji/link", data={"email": "x@example.go.id"}, follow_redirects=True)
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)


def test_only_invited_provinces_and_central_bodies_when_allowed(client, db):
    make_event(provinces=("17",), allow_central=False)
    [invited] = make_agencies("17")
    [other] = make_agencies("51")
    ministry = Agency(name="Kementerian Uji", kind="ministry", province_code=None)
    db.session.add(ministry)
    db.session.commit()
    refused = client.post("/events/uji/register", data=form_data(1, other))
    assert refused.status_code == 422
    text = strip_tags(refused.get_data(as_text=True))
    assert "tidak diundang" in text and "panitia@example.go.id" in text
    central = client.post("/events/uji/register", data=form_data(2, ministry.id))
    assert "hanya untuk instansi dari provinsi yang diundang" in strip_tags(central.get_data(as_text=True))
    assert client.post("/events/uji/register", data=form_data(3, invited)).status_code == 302


def test_central_body_may_register_when_the_event_allows(client, db):
    make_event(provinces=("17",), allow_central=True)
    ministry = Agency(name="Kementerian Uji", kind="ministry", province_code=None)
    db.session.add(ministry)
    db.session.commit()
    assert client.post("/events/uji/register", data=form_data(1, ministry.id)).status_code == 302


def test_agency_not_listed_is_filed_for_an_organiser(client, db):
    make_event(provinces=("17",))
    response = client.post("/events/uji/register", data={
        **person(1), "province": "17", "agency_missing": "y", "new_agency_name": "Bappeda Provinsi Bengkulu",
        "new_agency_kind": "other", "consent": "y"})
    assert response.status_code == 302
    agency = db.session.execute(db.select(Agency).where(Agency.name == "Bappeda Provinsi Bengkulu")).scalar_one()
    assert agency.approved is False and agency.province_code == "17"


@pytest.mark.parametrize(("opens_delta", "closes_delta", "open_"), [
    (timedelta(seconds=-1), timedelta(hours=1), True),     # opened a second ago
    (timedelta(seconds=30), timedelta(hours=1), False),    # opens in half a minute
    (timedelta(hours=-1), timedelta(seconds=30), True),    # closes in half a minute
    (timedelta(hours=-1), timedelta(seconds=-1), False),   # closed a second ago
])
def test_window_edges(client, db, opens_delta, closes_delta, open_):
    now = now_utc()
    make_event(opens=now + opens_delta, closes=now + closes_delta)
    [agency] = make_agencies("17")
    response = client.post("/events/uji/register", data=form_data(1, agency))
    assert (response.status_code == 302) is open_


def test_window_is_set_in_the_event_zone(client, db):
    """Closing at 23:59 WIT is 21:59 WIB: the page says so in the event's zone."""
    from datetime import datetime

    from lokakarya.timeutil import localize

    closes = localize(datetime(2030, 1, 10, 23, 59), "Asia/Jayapura")  # noqa: DTZ001
    event_id = make_event(closes=closes)
    from lokakarya.events.models import Event

    event = db.session.get(Event, event_id)
    event.timezone = "Asia/Jayapura"
    db.session.commit()
    text = strip_tags(client.get("/events/uji").get_data(as_text=True))
    assert "23.59 WIT" in text
    assert closes.hour == 14  # stored in UTC


def test_closed_registration_explains_and_offers_no_form(client, db):
    make_event(status="closed")
    page = client.get("/events/uji/register")
    assert 'data-testid="registration-closed"' in page.get_data(as_text=True)
    assert 'data-testid="register-form"' not in page.get_data(as_text=True)


def test_event_page_shows_register_button_and_seats(client, db):
    make_event(capacity=3)
    text = client.get("/events/uji").get_data(as_text=True)
    assert 'data-testid="register-button"' in text
    assert "Tempat tersisa: 3 dari 3" in strip_tags(text)
