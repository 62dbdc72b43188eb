"""Conditional GETs of the public pages (`/`, `/events/<slug>`) for anonymous visitors: a current
copy costs one statement and no body; whatever the page shows, when it changes, gives the
new page."""
import time
from datetime import timedelta

import pytest

from lokakarya.events import changes
from lokakarya.events.models import Event, EventSession
from lokakarya.events.services import set_invited
from lokakarya.extensions import db
from lokakarya.materials import services as materials
from lokakarya.materials.models import Material
from lokakarya.registration import services as registration_services
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc
from tests.events.factories import make_event, make_registration

INDEX, DETAIL = "/", "/events/terbuka"
PAGES = (INDEX, DETAIL)


@pytest.fixture
def site(app):
    """A published event open for registration (10 seats, 2 held), inviting Bengkulu, with two
    public materials and one for registrants only."""
    with app.app_context():
        event = make_event(slug="terbuka", title="Lokakarya Terbuka", capacity=10,
                           registration_opens_at=now_utc() - timedelta(days=1),
                           registration_closes_at=now_utc() + timedelta(days=30))
        set_invited(event, ["17"], {})
        materials.add_link(event.sessions[0], "Bahan Tayang Umum", "public", "https://example.go.id/umum.pdf")
        materials.add_link(event.sessions[0], "Bahan Peserta", "registrants", "https://example.go.id/peserta.pdf")
        materials.add_link(event.sessions[1], "Bahan Tayang Kedua", "public", "https://example.go.id/dua.pdf")
        make_registration(event, "confirmed", n=1)
        make_registration(event, "pending", n=2)
        db.session.commit()


def _event() -> Event:
    return db.session.execute(db.select(Event).where(Event.slug == "terbuka")).scalar_one()


def _session(index: int) -> EventSession:
    return sorted(_event().sessions, key=lambda s: s.id)[index]


@pytest.mark.parametrize("path", PAGES)
def test_a_current_copy_is_answered_304_with_one_statement(client, site, query_counter, path):
    with query_counter() as full_statements:
        full = client.get(path)
    assert full.status_code == 200 and "Lokakarya Terbuka" in full.get_data(as_text=True)
    etag = full.headers["ETag"]
    assert "Last-Modified" not in full.headers  # pages: the ETag alone (events/freshness)

    with query_counter() as conditional_statements:
        again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert conditional_statements[0] == 1 < full_statements[0]
    assert client.get(path).data == full.data  # nothing on the page changes by itself


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("validator", ['"not-this-one"', "", "nonsense"])
def test_a_wrong_validator_gets_the_whole_page(client, site, path, validator):
    response = client.get(path, headers={"If-None-Match": validator})
    assert response.status_code == 200 and "Lokakarya Terbuka" in response.get_data(as_text=True)


# --- every change the page shows ---------------------------------------------------------

def retitle_session():
    changes.change_session(_event(), _session(0), {"title": "Sesi Pembuka Baru"}, None, None,
                           meeting_given=False)


def describe_session():
    changes.change_session(_event(), _session(0), {"description": "Ruang diskusi dipindah"}, None, None,
                           meeting_given=False)


def cancel_session():
    changes.cancel_session(_event(), _session(1), None)


def retitle_event():
    changes.change_event(_event(), {"title": "Lokakarya Berganti Nama"}, None)


def cancel_event():
    changes.change_event(_event(), {"status": "cancelled"}, None)


def close_registration():
    changes.change_event(_event(), {"registration_closes_at": now_utc()}, None)


def invite_lampung():
    """Bengkulu replaced by Lampung: as many invited provinces as before."""
    changes.change_event(_event(), {"province_codes": ["18"]}, None)


def add_public_material():
    materials.add_link(_session(1), "Notula Umum", "public", "https://example.go.id/n.pdf")


def take_a_seat():
    make_registration(_event(), "confirmed", n=3)


def reschedule():
    session = _session(1)
    changes.change_session(_event(), session, {"starts_at": session.starts_at + timedelta(days=1),
                                               "ends_at": session.ends_at + timedelta(days=1)}, None, None,
                           meeting_given=False)


def add_session():
    event = _event()
    start = event.sessions[-1].ends_at + timedelta(days=2)
    changes.add_session(event, {"title": "Sesi Tambahan", "starts_at": start,
                                "ends_at": start + timedelta(hours=1)}, None, None)


def delete_public_material():
    """The older of the two: the newest public material stays the same."""
    material = db.session.execute(db.select(Material).where(Material.title == "Bahan Tayang Umum")).scalar_one()
    materials.delete_material(material)


def replace_public_material():
    """Delete one, add another: as many public materials as before."""
    delete_public_material()
    add_public_material()


def free_a_seat():
    confirmed = db.session.execute(db.select(Registration).where(Registration.status == "confirmed")).scalar_one()
    registration_services.cancel(confirmed)


def new_event():
    make_event(slug="kedua", title="Lokakarya Kedua")


def back_to_draft():
    changes.change_event(_event(), {"status": "draft"}, None)


def shows(text: str):
    return lambda html: text in html


def lacks(text: str):
    return lambda html: text not in html


# (change, what shows it, pages that show it)
CHANGES = [
    (retitle_session, shows("Sesi Pembuka Baru"), (DETAIL,)),
    (describe_session, shows("Ruang diskusi dipindah"), (DETAIL,)),
    (reschedule, shows("6 Maret 2030"), PAGES),  # the index shows the event's period
    (cancel_session, shows("Dibatalkan"), (DETAIL,)),
    (add_session, shows("Sesi Tambahan"), (DETAIL,)),
    (retitle_event, shows("Lokakarya Berganti Nama"), PAGES),
    (cancel_event, shows("Dibatalkan"), (INDEX,)),  # the status badge, in words
    (cancel_event, shows("Acara dibatalkan"), (DETAIL,)),
    (close_registration, lacks("Daftar sekarang"), (DETAIL,)),
    (invite_lampung, shows("Lampung"), (DETAIL,)),
    (add_public_material, shows("Notula Umum"), (DETAIL,)),
    (delete_public_material, lacks("Bahan Tayang Umum"), (DETAIL,)),
    (replace_public_material, shows("Notula Umum"), (DETAIL,)),
    (take_a_seat, shows("Tempat tersisa: 7 dari 10"), (DETAIL,)),
    (free_a_seat, shows("Tempat tersisa: 9 dari 10"), (DETAIL,)),
    (new_event, shows("Lokakarya Kedua"), (INDEX,)),
    (back_to_draft, lacks("Lokakarya Terbuka"), (INDEX,)),
]
CASES = [(change, check, page) for change, check, pages in CHANGES for page in pages]


@pytest.mark.parametrize(("change", "check", "path"), CASES, ids=[f"{c.__name__}-{p}" for c, _, p in CASES])
def test_every_change_gives_the_new_page(app, client, site, change, check, path):
    before = client.get(path)
    assert not check(before.get_data(as_text=True))
    with app.app_context():
        change()
        db.session.commit()
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and check(after.get_data(as_text=True))
    assert after.headers["ETag"] != before.headers["ETag"]


def test_unchanged_by_what_the_page_does_not_show(app, client, site):
    """A material for registrants only and a waitlisted registration leave the page as it is."""
    etag = client.get(DETAIL).headers["ETag"]
    with app.app_context():
        materials.add_link(_session(1), "Hanya Peserta", "registrants", "https://example.go.id/p.pdf")
        make_registration(_event(), "waitlisted", n=4)
        db.session.commit()
    assert client.get(DETAIL, headers={"If-None-Match": etag}).status_code == 304


def test_a_draft_is_not_found_whatever_the_validator(app, client, site):
    etag = client.get(DETAIL).headers["ETag"]
    with app.app_context():
        back_to_draft()
        db.session.commit()
    assert client.get(DETAIL, headers={"If-None-Match": etag}).status_code == 404
    assert client.get("/events/nothing", headers={"If-None-Match": "*"}).status_code == 404


def test_registration_closing_with_the_clock_gives_the_new_page(app, client, site):
    """Nothing is written when a registration window closes: the version reads the clock."""
    with app.app_context():
        _event().registration_closes_at = now_utc() + timedelta(seconds=1)
        db.session.commit()
    before = client.get(DETAIL)
    assert "Daftar sekarang" in before.get_data(as_text=True)
    time.sleep(1.2)
    after = client.get(DETAIL, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Daftar sekarang" not in after.get_data(as_text=True)


@pytest.mark.parametrize(("path", "english"), [(INDEX, "Events"), (DETAIL, "Invited provinces")])
def test_switching_the_language_gives_the_translated_page(client, site, path, english):
    before = client.get(path)
    assert english not in before.get_data(as_text=True)
    client.get("/lang/en")
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and english in after.get_data(as_text=True)
    assert "Cookie" in after.headers.get("Vary", "")


@pytest.mark.parametrize("path", PAGES)
def test_a_signed_in_viewer_gets_their_own_page_every_time(client, site, login_as, path):
    etag = client.get(path).headers["ETag"]
    user = login_as("organiser", name="Rina Penyelenggara")
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 200 and "ETag" not in response.headers
    assert user.name in response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", PAGES)
def test_a_pending_message_is_shown_not_skipped(client, site, path):
    etag = client.get(path).headers["ETag"]
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Tautan pribadi sudah dikirim ulang.")]
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 200 and "Tautan pribadi sudah dikirim ulang." in response.get_data(as_text=True)
    assert "ETag" not in response.headers
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304  # shown once


def test_a_browser_that_may_sign_in_by_cookie_gets_the_page(client, site):
    """A remember-me cookie signs the browser in on its next full answer: no 304 for it."""
    etag = client.get(DETAIL).headers["ETag"]
    client.set_cookie("remember_token", "1|abc")
    response = client.get(DETAIL, headers={"If-None-Match": etag})
    assert response.status_code == 200 and "ETag" not in response.headers
