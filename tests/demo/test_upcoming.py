"""The demo a newcomer meets after `make run`: an upcoming workshop open for registration today,
and an account for every role that works."""
from datetime import timedelta

from lokakarya.events.models import Event
from lokakarya.timeutil import now_utc
from tests.conftest import login, strip_tags

SLUG = "standar-pelayanan-publik-nasional"


def test_a_newcomer_can_register_for_the_upcoming_workshop_at_once(client, demo, db):
    event = db.session.execute(db.select(Event).where(Event.slug == SLUG)).scalar_one()
    assert event.registration_opens_at < now_utc() < event.registration_closes_at
    assert min(s.starts_at for s in event.sessions) > now_utc() + timedelta(days=7)
    assert len(event.invited) == 38
    text = strip_tags(client.get(f"/events/{SLUG}").get_data(as_text=True))
    assert "Daftar sekarang" in text
    # Province step, then that province's agencies (the national directory: its regencies too).
    form = client.get(f"/events/{SLUG}/register?province=91").get_data(as_text=True)
    assert "Dinas Kependudukan dan Pencatatan Sipil Kota Jayapura" in form
    assert "Provinsi Bengkulu" not in form


def test_every_demo_account_signs_in_and_the_agency_focal_point_registers_a_delegation(client, demo, db):
    from lokakarya.demo.seed import ACCOUNTS, AGENCY_FOCAL_POINT

    for account in ACCOUNTS:
        response = login(client, account.email, account.password)
        assert response.status_code == 302, account.email
        client.post("/logout")
    login(client, AGENCY_FOCAL_POINT.email, AGENCY_FOCAL_POINT.password)
    page = client.get(f"/events/{SLUG}/delegation")
    assert page.status_code == 200
    assert "Dinas Kependudukan dan Pencatatan Sipil Provinsi Bengkulu" in page.get_data(as_text=True)


def test_seeding_again_after_the_window_moves_the_workshop_forward(app, db):
    from lokakarya.demo.seed import seed

    seed()
    db.session.commit()
    event = db.session.execute(db.select(Event).where(Event.slug == SLUG)).scalar_one()
    shift = timedelta(days=40)
    event.registration_opens_at -= shift
    event.registration_closes_at -= shift
    for session in event.sessions:
        session.starts_at -= shift
        session.ends_at -= shift
    db.session.commit()
    seed()
    db.session.commit()
    db.session.expire_all()
    event = db.session.execute(db.select(Event).where(Event.slug == SLUG)).scalar_one()
    assert event.registration_opens_at < now_utc() < event.registration_closes_at
