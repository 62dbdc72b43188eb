"""The organiser's reminder page, "send now", WhatsApp sharing and the reminders API."""
from urllib.parse import unquote

from lokakarya.mail.models import OutboxMessage
from lokakarya.reminders.models import ReminderRule
from tests.conftest import strip_tags
from tests.reminders.builders import make_event, make_registration

SLUG = "lokakarya-uji"


def outbox_count(db) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(OutboxMessage)).scalar()


def test_defaults_and_their_times_in_the_events_zone(client, db, login_as):
    make_event(tz="Asia/Makassar")
    login_as("organiser")
    html = strip_tags(client.get(f"/events/{SLUG}/reminders").get_data(as_text=True))
    assert "1 hari sebelumnya, pukul 09:00" in html
    assert "60 menit sebelum mulai" in html
    assert "Rabu, 9 Desember 2026 09.00 WITA" in html  # H-1 09:00 in the event's zone
    assert "Kamis, 10 Desember 2026 08.00 WITA" in html  # an hour before 09:00


def test_only_organisers(client, db, login_as):
    make_event()
    assert client.get(f"/events/{SLUG}/reminders").status_code == 302  # to the login page
    login_as("province_focal_point", province_code="17")
    assert client.get(f"/events/{SLUG}/reminders").status_code == 403


def test_adding_a_rule_and_refusing_a_bad_one(client, db, login_as):
    make_event()
    login_as("organiser")
    client.get(f"/events/{SLUG}/reminders")
    bad = client.post(f"/events/{SLUG}/reminders/rules",
                      data={"kind": "day_before", "days_before": "2", "local_time": "jam sembilan"})
    assert bad.status_code == 422
    assert "Isi jam dengan format JJ:MM" in bad.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count()).select_from(ReminderRule)).scalar() == 2
    good = client.post(f"/events/{SLUG}/reminders/rules",
                       data={"kind": "minutes_before", "minutes_before": "15", "include_pending": "y"})
    assert good.status_code == 302
    html = strip_tags(client.get(f"/events/{SLUG}/reminders").get_data(as_text=True))
    assert "15 menit sebelum mulai" in html and "menunggu konfirmasi" in html


def test_switching_a_rule_off(client, db, login_as):
    make_event()
    login_as("organiser")
    client.get(f"/events/{SLUG}/reminders")
    rule = db.session.execute(db.select(ReminderRule).order_by(ReminderRule.id)).scalars().first()
    client.post(f"/events/{SLUG}/reminders/rules/{rule.id}/toggle")
    db.session.expire_all()
    assert db.session.get(ReminderRule, rule.id).active is False


def test_send_now_reaches_confirmed_registrants(client, db, login_as):
    event = make_event()
    for _ in range(3):
        make_registration(event)
    make_registration(event, status="pending")
    login_as("organiser")
    response = client.post(f"/events/{SLUG}/reminders/send-now",
                           data={"session_id": str(event.sessions[0].id)}, follow_redirects=True)
    assert "Pengingat dikirim ke 3 pendaftar." in response.get_data(as_text=True)
    assert outbox_count(db) == 3
    bad = client.post(f"/events/{SLUG}/reminders/send-now", data={"session_id": "99999"})
    assert bad.status_code == 422 and outbox_count(db) == 3


def test_reminder_page_runs_a_constant_number_of_statements(client, db, login_as, query_counter):
    login_as("organiser")
    event = make_event(sessions=[((2026, 12, 10, 9, 0), (2026, 12, 10, 10, 0))])
    client.get(f"/events/{SLUG}/reminders")
    db.session.expire_all()  # the test shares the requests' session: start cold each time
    with query_counter() as small:
        assert client.get(f"/events/{SLUG}/reminders").status_code == 200
    for _ in range(5):
        make_registration(event)
    client.post(f"/events/{SLUG}/reminders/send-now", data={"session_id": str(event.sessions[0].id)})
    client.post(f"/events/{SLUG}/reminders/rules", data={"kind": "minutes_before", "minutes_before": "10"})
    db.session.expire_all()
    with query_counter() as large:
        assert client.get(f"/events/{SLUG}/reminders").status_code == 200
    assert small[0] == large[0]


def test_whatsapp_invitation_for_organisers_and_focal_points_only(client, db, login_as):
    make_event()
    assert "wa.me" not in client.get(f"/events/{SLUG}").get_data(as_text=True)
    login_as("province_focal_point", province_code="17")
    html = client.get(f"/events/{SLUG}").get_data(as_text=True)
    link = next(part for part in html.split('"') if part.startswith("https://wa.me/?text="))
    text = unquote(link.split("=", 1)[1])
    assert "Lokakarya lokakarya-uji" in text
    assert "Kamis, 10 Desember 2026" in text and "09.00–10.30 WIB" in text
    assert f"Pendaftaran: http://lokakarya.test/events/{SLUG}/register" in text


def test_participants_share_their_agenda_without_private_links(client, db):
    event = make_event()
    person = make_registration(event, province="51")
    html = client.get(f"/r/{person.token}").get_data(as_text=True)
    link = next(part for part in html.split('"') if part.startswith("https://wa.me/?text="))
    text = unquote(link.split("=", 1)[1])
    assert "10.00–11.30 WITA Sesi 1" in text  # their own zone
    assert person.token not in text and "zoom" not in text and "RAHASIA7" not in text
    assert f"http://lokakarya.test/events/{SLUG}" in text


def test_api_reads_and_changes_the_settings(client, db, api_token):
    event = make_event()
    make_registration(event)
    _user, token = api_token("organiser")
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get(f"/api/v1/events/{SLUG}/reminders", headers=headers).get_json()
    assert body["enabled"] is True
    assert [(r["kind"], r["days_before"], r["local_time"], r["minutes_before"]) for r in body["rules"]] == [
        ("day_before", 1, "09:00", None), ("minutes_before", None, None, 60)]
    keep = body["rules"][0]
    changed = client.put(f"/api/v1/events/{SLUG}/reminders", headers=headers, json={
        "rules": [{"id": keep["id"], "include_waitlisted": True},
                  {"kind": "minutes_before", "minutes_before": 10}]}).get_json()
    by_kind = {(r["kind"], r["minutes_before"]): r for r in changed["rules"]}
    assert by_kind[("day_before", None)]["include_waitlisted"] is True
    assert by_kind[("minutes_before", 60)]["active"] is False  # left out: switched off
    assert by_kind[("minutes_before", 10)]["active"] is True
    bad = client.put(f"/api/v1/events/{SLUG}/reminders", headers=headers,
                     json={"rules": [{"kind": "day_before", "days_before": 1, "local_time": "99:99"}]})
    assert bad.status_code == 422
    assert "rules[0].local_time" in bad.get_json()["error"]["fields"]
    sent = client.post(f"/api/v1/events/{SLUG}/reminders/send-now", headers=headers,
                       json={"session_id": event.sessions[0].id})
    assert sent.get_json() == {"recipients": 1}


def test_api_needs_an_organiser_token(client, db, api_token):
    make_event()
    assert client.get(f"/api/v1/events/{SLUG}/reminders").status_code == 401
    _user, token = api_token("province_focal_point", province_code="17")
    response = client.get(f"/api/v1/events/{SLUG}/reminders", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_whatsapp_invitation_on_the_registration_pages_too(client, db, login_as):
    make_event()
    login_as("organiser")
    html = client.get(f"/events/{SLUG}/registrations").get_data(as_text=True)
    assert 'data-testid="whatsapp-share"' in html and "https://wa.me/?text=" in html


def test_reading_the_settings_writes_nothing(client, db, login_as, api_token):
    """An event made before its defaults existed reads as switched on with no rules; neither the
    page nor the API creates them on reading (the next change or reminder run does)."""
    from lokakarya.events.models import Event
    from lokakarya.reminders.models import ReminderSettings

    db.session.add(Event(slug="tanpa-aturan", title="Tanpa aturan", timezone="Asia/Jakarta"))
    db.session.commit()
    login_as("organiser")
    _, token = api_token("organiser")

    page = client.get("/events/tanpa-aturan/reminders")
    answer = client.get("/api/v1/events/tanpa-aturan/reminders", headers={"Authorization": f"Bearer {token}"})

    assert page.status_code == 200 and answer.status_code == 200
    assert answer.get_json() == {"enabled": True, "rules": []}
    assert db.session.execute(db.select(db.func.count()).select_from(ReminderSettings)).scalar() == 0
    assert db.session.execute(db.select(db.func.count()).select_from(ReminderRule)).scalar() == 0


def test_a_new_event_has_the_default_rules(client, db, api_token):
    _, token = api_token("organiser")
    created = client.post("/api/v1/events", headers={"Authorization": f"Bearer {token}"},
                          json={"title": "Lokakarya Baru", "timezone": "Asia/Jayapura"})
    assert created.status_code == 201, created.get_json()
    slug = created.get_json()["slug"]

    rules = client.get(f"/api/v1/events/{slug}/reminders",
                       headers={"Authorization": f"Bearer {token}"}).get_json()["rules"]

    assert [(r["kind"], r["days_before"], r["local_time"], r["minutes_before"]) for r in rules] == [
        ("day_before", 1, "09:00", None), ("minutes_before", None, None, 60)]
