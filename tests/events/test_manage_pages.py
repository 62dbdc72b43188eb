"""Organiser pages: create and edit events, the agenda, meetings; drafts stay private."""
from datetime import UTC, datetime

from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.regions.zones import province_group
from tests.conftest import strip_tags
from tests.events.factories import make_event

EVENT_FORM = {
    "title": "Lokakarya Standar Pelayanan Wilayah II", "description": "Untuk Kalimantan.",
    "organiser_unit": "Kedeputian Pelayanan Publik", "contact_email": "Panitia@Example.go.id",
    "timezone": "Asia/Makassar", "status": "draft", "groups": ["kalimantan"], "provinces": ["17"],
    "quota_17": "3", "registration_opens_at": "2030-02-01T08:00",
    "registration_closes_at": "2030-02-20T23:59", "capacity": "100", "quota_per_agency": "5",
    "quota_per_province": "10", "requires_approval": "y", "allow_pppk": "y", "retention_days": "400",
    "attendance_threshold": "75",
}


def _event(app, slug):
    with app.app_context():
        event = db.session.execute(db.select(Event).where(Event.slug == slug)).scalar_one()
        db.session.expunge_all()
        return event


def test_organiser_creates_an_event_with_a_group_and_a_quota(client, app, login_as):
    login_as("organiser")
    response = client.post("/events/new", data=EVENT_FORM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/events/lokakarya-standar-pelayanan-wilayah-ii/manage")
    with app.app_context():
        event = db.session.execute(db.select(Event)).scalar_one()
        codes = {p.province_code: p.quota for p in event.invited}
        assert {c for c in codes if c != "17"} == {"61", "62", "63", "64", "65"}
        assert all(province_group(c) == "kalimantan" for c in codes if c != "17")
        assert codes["17"] == 3
        # 08:00 WITA is 00:00 UTC.
        assert event.registration_opens_at == datetime(2030, 2, 1, 0, 0, tzinfo=UTC)
        assert (event.capacity, event.quota_per_agency, event.requires_approval, event.allow_central_agencies,
                event.allow_pppk, event.retention_days, event.attendance_threshold) == (
                    100, 5, True, False, True, 400, 75)
        assert event.contact_email == "panitia@example.go.id" and event.status == "draft"


def test_drafts_are_for_organisers_only(client, app, login_as):
    with app.app_context():
        make_event(slug="rahasia", status="draft", title="Acara Draf")
        db.session.commit()
    assert client.get("/events/rahasia").status_code == 404
    assert "Acara Draf" not in client.get("/").get_data(as_text=True)
    login_as("province_focal_point", province_code="17")
    assert client.get("/events/rahasia").status_code == 404
    client.post("/logout")
    login_as("organiser")
    assert "Draf: hanya terlihat" in client.get("/events/rahasia").get_data(as_text=True)


def test_only_organisers_manage(client, app, login_as):
    with app.app_context():
        make_event()
        db.session.commit()
    assert client.get("/events/lokakarya-uji/manage").status_code in (302, 401)
    login_as("province_focal_point", province_code="17")
    assert client.get("/events/lokakarya-uji/manage").status_code == 403
    assert client.get("/events/new").status_code == 403


def test_bad_event_input_changes_nothing(client, app, login_as):
    with app.app_context():
        make_event()
        db.session.commit()
    login_as("organiser")
    bad = {**EVENT_FORM, "title": "Judul Baru", "registration_closes_at": "2030-01-01T08:00",
           "quota_99": "x", "status": "closed"}
    response = client.post("/events/lokakarya-uji/manage", data=bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Penutupan pendaftaran harus setelah pembukaan." in html
    assert _event(app, "lokakarya-uji").title == "Lokakarya Uji"
    response = client.post("/events/lokakarya-uji/manage", data={**EVENT_FORM, "status": "bogus"})
    assert response.status_code == 200 and _event(app, "lokakarya-uji").title == "Lokakarya Uji"


def test_status_moves_forward_only(client, app, login_as):
    with app.app_context():
        make_event(status="cancelled")
        db.session.commit()
    login_as("organiser")
    response = client.post("/events/lokakarya-uji/manage", data={**EVENT_FORM, "status": "published"})
    assert "Status tidak dapat diubah" in response.get_data(as_text=True)


def test_sessions_are_added_in_the_event_zone_and_checked(client, app, login_as):
    with app.app_context():
        make_event(sessions=0, tz="Asia/Jayapura")
        db.session.commit()
    login_as("organiser")
    url = "/events/lokakarya-uji/sessions/new"
    response = client.post(url, data={"title": "Sesi", "starts_at": "2030-03-05T10:00",
                                      "ends_at": "2030-03-05T09:00"})
    assert "Waktu selesai harus setelah waktu mulai." in response.get_data(as_text=True)
    response = client.post(url, data={"title": "  ", "starts_at": "2030-03-05T10:00",
                                      "ends_at": "2030-03-05T11:00"})
    assert response.status_code == 200
    response = client.post(url, data={"title": "Sesi", "starts_at": "2030-03-05T10:00",
                                      "ends_at": "2030-03-05T11:00", "meeting-join_url": "http://zoom.us/j/1"})
    assert "https://" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(EventSession)).first() is None
    response = client.post(url, data={"title": "Sesi Papua", "starts_at": "2030-03-05T10:00",
                                      "ends_at": "2030-03-05T11:00",
                                      "meeting-join_url": "https://teams.microsoft.com/l/meetup-join/1"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session.execute(db.select(EventSession)).scalar_one()
        assert session.starts_at == datetime(2030, 3, 5, 1, 0, tzinfo=UTC)  # 10.00 WIT
        assert session.meeting.provider == "teams"
    html = client.get("/events/lokakarya-uji").get_data(as_text=True)
    assert "10.00 WIT" in html


def test_a_bad_session_and_a_bad_link_are_both_said_at_once(client, app, login_as):
    with app.app_context():
        make_event(sessions=0)
        db.session.commit()
    login_as("organiser")
    response = client.post("/events/lokakarya-uji/sessions/new", data={
        "title": "", "starts_at": "2030-03-05T10:00", "ends_at": "2030-03-05T11:00",
        "meeting-join_url": "http://zoom.us/j/1"})
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 400, 422)
    assert 'id="title-error"' in html and "https://" in html.split('id="meeting-join_url"')[1]
    with app.app_context():
        assert db.session.execute(db.select(EventSession)).first() is None


def test_overlap_is_a_warning_not_an_error(client, app, login_as):
    with app.app_context():
        make_event(sessions=1)  # 09.00–10.00 WIB
        db.session.commit()
    login_as("organiser")
    response = client.post("/events/lokakarya-uji/sessions/new", follow_redirects=True, data={
        "title": "Ruang paralel", "starts_at": "2030-03-05T09:30", "ends_at": "2030-03-05T10:30"})
    html = response.get_data(as_text=True)
    assert "bertumpang tindih" in html and "Ruang paralel" in html
    assert 'data-testid="overlap-warning"' in html


def test_event_meeting_form(client, app, login_as):
    with app.app_context():
        make_event(meeting=False)
        db.session.commit()
    login_as("organiser")
    client.post("/events/lokakarya-uji/meeting", data={"meeting-join_url": "ftp://x"})
    with app.app_context():
        assert db.session.execute(db.select(Event)).scalar_one().meetings == []
    client.post("/events/lokakarya-uji/meeting", data={
        "meeting-join_url": "https://meet.google.com/aaa-bbbb-ccc", "meeting-passcode": "123"})
    html = client.get("/events/lokakarya-uji").get_data(as_text=True)
    assert "https://meet.google.com/aaa-bbbb-ccc" in html and "Google Meet" in html


def test_viewer_from_another_zone_sees_both_times(client, app, login_as):
    with app.app_context():
        make_event()  # 09.00 WIB
        db.session.commit()
    login_as("province_focal_point", province_code="73")  # Sulawesi Selatan, WITA
    text = strip_tags(client.get("/events/lokakarya-uji").get_data(as_text=True))
    assert "09.00 WIB / 10.00 WITA" in text


def test_new_event_button_for_organisers_only(client, login_as):
    assert 'data-testid="new-event"' not in client.get("/").get_data(as_text=True)
    login_as("organiser")
    assert 'href="/events/new"' in client.get("/").get_data(as_text=True)


def test_the_events_list_shows_when_an_event_runs_to_its_last_day(client, app):
    with app.app_context():
        two_days = make_event(slug="dua-hari", title="Lokakarya Dua Hari", sessions=1)  # 09.00-10.00 WIB
        two_days.sessions.append(EventSession(title="Hari 2", position=1, starts_at=datetime(2030, 3, 6, 2, 0, tzinfo=UTC),
                                              ends_at=datetime(2030, 3, 6, 8, 0, tzinfo=UTC)))
        one_day = make_event(slug="satu-hari", title="Lokakarya Satu Hari", sessions=2)  # 09.00-11.00 WIB
        # A long session that ends after the last one to start: the day ends with it.
        one_day.sessions.append(EventSession(title="Panjang", position=2, starts_at=datetime(2030, 3, 5, 2, 30, tzinfo=UTC),
                                             ends_at=datetime(2030, 3, 5, 9, 0, tzinfo=UTC)))
        db.session.commit()
    text = strip_tags(client.get("/").get_data(as_text=True))
    assert "Selasa, 5 Maret 2030 09.00 WIB – Rabu, 6 Maret 2030 15.00 WIB" in text
    assert "Selasa, 5 Maret 2030 · 09.00–16.00 WIB" in text


def test_too_large_numbers_on_the_form_are_told_the_whole_range(client, app, login_as):
    login_as("organiser")
    response = client.post("/events/new", data={**EVENT_FORM, "capacity": "2000000", "quota_17": "5000000"})
    html = strip_tags(response.get_data(as_text=True))
    assert "Isi angka 1 sampai 1.000.000, atau kosongkan." in html
    assert "Kuota provinsi harus 1 sampai 1.000.000, atau kosong." in html
    with app.app_context():
        assert db.session.query(Event).count() == 0


def test_retention_of_zero_days_says_at_least_one_not_required(client, app, login_as):
    login_as("organiser")
    response = client.post("/events/new", data={**EVENT_FORM, "retention_days": "0"})
    text = strip_tags(response.get_data(as_text=True))
    assert response.status_code != 302
    assert "Paling sedikit 1." in text and "Wajib diisi." not in text
    client.get("/lang/en")
    english = strip_tags(client.post("/events/new", data={**EVENT_FORM, "retention_days": "0"}).get_data(as_text=True))
    assert "Number must be at least 1." in english
    with app.app_context():
        assert db.session.execute(db.select(Event)).first() is None


def test_event_list_badges_read_as_words(client, app, login_as):
    with app.app_context():
        make_event(slug="rahasia", status="draft", title="Acara Draf Uji")
        db.session.commit()
    login_as("organiser")
    html = client.get("/").get_data(as_text=True)
    assert '<span class="badge">Draf</span>' in html and '<span class="badge">draft</span>' not in html
