"""The participant's own page: edit, cancel, export, delete; retention purge."""
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lokakarya.attendance.models import Attendance
from lokakarya.audit.models import AuditEntry
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db as _db
from lokakarya.mail.delivery import deliver_due
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc
from tests.conftest import strip_tags
from tests.registration.factory import make_agencies, make_event, person, statuses


def register(client, n, agency):
    response = client.post("/events/uji/register", data={**person(n), "agency_id": str(agency), "consent": "y"})
    assert response.status_code == 302
    return response.location.rsplit("/", 1)[1]


def test_personal_page_shows_agenda_in_own_zone(client, db):
    event_id = make_event(provinces=("17", "73"))  # Bengkulu WIB, Sulawesi Selatan WITA
    [agency] = make_agencies("73")
    token = register(client, 1, agency)
    session = db.session.execute(db.select(EventSession).where(EventSession.event_id == event_id)).scalar_one()
    text = strip_tags(client.get(f"/r/{token}").get_data(as_text=True))
    local = (session.starts_at + timedelta(hours=8)).strftime("%H.%M")
    assert f"{local} WITA" in text and "WIB" in text


def test_edit_until_registration_closes(client, db):
    event_id = make_event()
    [agency] = make_agencies("17")
    token = register(client, 1, agency)
    new = {**person(1), "position": "Kepala Bidang", "phone": "+62 813 1111 2222"}
    bad = client.post(f"/r/{token}/edit", data={**new, "nip": "1986"})
    assert bad.status_code == 422 and "NIP harus 18 angka" in bad.get_data(as_text=True)
    assert client.post(f"/r/{token}/edit", data=new).status_code == 302
    registration = db.session.execute(db.select(Registration)).scalar_one()
    assert (registration.position, registration.phone) == ("Kepala Bidang", "+6281311112222")
    event = db.session.get(Event, event_id)
    event.registration_closes_at = now_utc() - timedelta(minutes=1)
    db.session.commit()
    client.post(f"/r/{token}/edit", data={**new, "position": "Sekretaris"})
    db.session.expire_all()
    assert db.session.execute(db.select(Registration.position)).scalar_one() == "Kepala Bidang"


def test_download_contains_everything_held(client, db):
    make_event()
    [agency] = make_agencies("17")
    token = register(client, 1, agency)
    registration = db.session.execute(db.select(Registration)).scalar_one()
    session = db.session.execute(db.select(EventSession)).scalar_one()
    db.session.add(Attendance(registration_id=registration.id, session_id=session.id, source="link",
                              first_join_at=now_utc(), note="terlambat 5 menit"))
    db.session.commit()
    response = client.get(f"/r/{token}/data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.data)
    held = data["registration"]
    for field in ("name", "nip", "position", "email", "phone"):
        assert held[field] == getattr(registration, field)
    assert held["consent_version"] and held["consented_at"] and held["status"] == "confirmed"
    assert data["agency"]["name"] == "Dinas dukcapil 17-0"
    assert data["attendance"]["attendance"][0]["note"] == "terlambat 5 menit"  # the attendance feature's part
    assert [m["kind"] for m in data["messages"]] == ["registration_confirmed"]


def _text_values(conn) -> list[str]:
    """Every text value in every table (the whole database)."""
    values = []
    for table in _db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text | sa.LargeBinary | sa.JSON)]
        if not columns:
            continue
        for row in conn.execute(sa.select(*columns)):
            values.extend(v.decode("utf-8", "replace") if isinstance(v, bytes) else json.dumps(v)
                          if isinstance(v, dict | list) else str(v) for v in row if v is not None)
    return values


def test_delete_leaves_no_personal_data_and_frees_the_seat(client, db):
    event_id = make_event(capacity=1)
    [agency] = make_agencies("17")
    token = register(client, 1, agency)
    register(client, 2, agency)  # waitlisted
    registration = db.session.execute(db.select(Registration).order_by(Registration.id)).scalars().first()
    session = db.session.execute(db.select(EventSession)).scalar_one()
    db.session.add(Attendance(registration_id=registration.id, session_id=session.id, source="manual",
                              status="present", note="Peserta Uji 1 hadir"))
    db.session.commit()
    response = client.post(f"/r/{token}/delete")
    assert response.status_code == 302
    assert client.get(f"/r/{token}").status_code == 404
    p = person(1)
    secrets = [p["name"], p["nip"], p["email"], "+6281200000001", "81200000001"]
    with _db.engine.connect() as conn:
        values = _text_values(conn)
    leaks = [v for v in values for s in secrets if s.lower() in v.lower()]
    assert leaks == []
    assert "Peserta Uji 2" in " ".join(values)  # the search does see registrations
    # Counts stay right: the row is there, cancelled; the next person got the seat.
    assert [s for _, s in statuses(event_id)] == ["cancelled", "confirmed"]
    assert db.session.execute(db.select(sa.func.count()).select_from(Attendance)).scalar() == 1
    assert db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "registration.anonymise")).scalar_one()


def test_privacy_purge_anonymises_events_past_retention(app, client, db):
    old = make_event(slug="uji", retention_days=30)
    [agency] = make_agencies("17")
    register(client, 1, agency)
    recent = make_event(slug="baru", retention_days=30)
    client.post("/events/baru/register", data={**person(2), "agency_id": str(agency), "consent": "y"})
    session = db.session.execute(db.select(EventSession).where(EventSession.event_id == old)).scalar_one()
    session.starts_at = now_utc() - timedelta(days=40, hours=1)
    session.ends_at = now_utc() - timedelta(days=40)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "uji: 1 registrations anonymised" in result.output
    db.session.expire_all()
    rows = {r.event_id: r for r in db.session.execute(db.select(Registration)).scalars()}
    assert rows[old].name is None and rows[old].nip is None and rows[old].anonymised_at is not None
    assert rows[recent].name == "Peserta Uji 2"
    assert db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "registration.purge")).scalar_one()


@pytest.mark.parametrize("delivered", [False, True], ids=["still queued", "already sent"])
def test_delete_after_correcting_the_address_leaves_neither_address(client, db, delivered):
    """The confirmation to the first address, waiting or sent, goes with the registration (its
    reference, or its text with the personal link, holds the token)."""
    make_event()
    [agency] = make_agencies("17")
    token = register(client, 1, agency)
    if delivered:
        assert deliver_due()["sent"] == 1
    assert client.post(f"/r/{token}/edit", data={**person(1), "email": "baru@example.go.id"}).status_code == 302
    assert client.post(f"/r/{token}/delete").status_code == 302
    with _db.engine.connect() as conn:
        values = _text_values(conn)
    secrets = ["peserta1@example.go.id", "baru@example.go.id", token]
    assert [v for v in values for s in secrets if s in v] == []


def test_download_lists_the_messages_sent_before_the_address_was_corrected(client, db):
    make_event()
    [agency] = make_agencies("17")
    token = register(client, 1, agency)
    assert deliver_due()["sent"] == 1
    assert client.post(f"/r/{token}/edit", data={**person(1), "email": "baru@example.go.id"}).status_code == 302
    data = json.loads(client.get(f"/r/{token}/data.json").data)
    assert data["registration"]["email"] == "baru@example.go.id"
    assert [(m["kind"], m["status"]) for m in data["messages"]] == [("registration_confirmed", "sent")]
