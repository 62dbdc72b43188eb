"""The organiser's meetings page: constant statements whatever the number of meetings and
registrants; a GET writes nothing; only organisers see it; without a configured provider the
forms offer only pasting."""
from datetime import UTC, datetime

from lokakarya.events.models import Meeting
from lokakarya.extensions import db
from lokakarya.vc import queue
from lokakarya.vc.models import VcRegistrant, VcTask
from tests.conftest import login
from tests.events.factories import make_event, make_registration

START = datetime(2030, 3, 5, 2, 0, tzinfo=UTC)


def _build(app, slug, size, owner_id):
    with app.app_context():
        event = make_event(slug=slug, sessions=size, start=START, meeting=False, created_by_id=owner_id)
        for i, session in enumerate(event.sessions):
            meeting = Meeting(event_id=event.id, session_id=session.id, provider="zoom", join_url="")
            db.session.add(meeting)
            db.session.flush()
            queue.requested(meeting, "zoom")
            meeting.state, meeting.external_id = ("failed", "") if i % 2 else ("created", str(9000 + i))
            meeting.last_error = "Zoom create: HTTP 404 (1001): User does not exist" if i % 2 else ""
            for n in range(size):
                registration = make_registration(event, n=i * 1000 + n)
                db.session.add(VcRegistrant(meeting_id=meeting.id, registration_id=registration.id,
                                            state="registered" if n % 3 else "failed"))
        db.session.commit()


def test_statements_do_not_grow_and_a_get_writes_nothing(zapp, make_user, query_counter):
    owner = make_user("organiser", email="panitia@example.go.id")
    client = zapp.test_client()
    login(client, owner.email)
    counts = []
    for size in (2, 12):
        _build(zapp, f"rapat-{size}", size, owner.id)
        with zapp.app_context():
            tasks = db.session.execute(db.select(db.func.count()).select_from(VcTask)).scalar()
        with query_counter() as n:
            response = client.get(f"/events/rapat-{size}/meetings")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert page.count('data-testid="retry"') == size  # failed ones, and ones with failed registrants
        assert "User does not exist" in page and "Terdaftar" in page
        counts.append(n[0])
        with zapp.app_context():
            assert db.session.execute(db.select(db.func.count()).select_from(VcTask)).scalar() == tasks
    assert counts[0] == counts[1], counts


def test_only_organisers_and_only_configured_providers(make_app, client, login_as):
    plain = make_app()
    organiser = login_as("organiser")
    with plain.app_context():
        make_event(slug="tanpa-zoom", sessions=1, created_by_id=organiser.id)
        db.session.commit()
    form = client.get("/events/tanpa-zoom/sessions/new").get_data(as_text=True)
    assert "Buat rapat di" not in form  # nothing configured in the suite's app: only pasting
    page = client.get("/events/tanpa-zoom/meetings").get_data(as_text=True)
    assert 'data-testid="no-providers"' in page
    participant = make_app().test_client()
    assert participant.get("/events/tanpa-zoom/meetings").status_code in (302, 403)


def test_the_session_form_creates_on_zoom(zapp, zoom, make_user):
    owner = make_user("organiser", email="panitia@example.go.id")
    with zapp.app_context():
        make_event(slug="formulir", sessions=0, created_by_id=owner.id)
        db.session.commit()
    client = zapp.test_client()
    login(client, owner.email)
    form = client.get("/events/formulir/sessions/new").get_data(as_text=True)
    assert "Buat rapat di Zoom" in form
    response = client.post("/events/formulir/sessions/new", data={
        "title": "Sesi Pleno", "starts_at": "2030-03-05T09:00", "ends_at": "2030-03-05T10:30",
        "meeting-create_with": "zoom", "meeting-host_email": ""})
    assert response.status_code == 302
    zapp.test_cli_runner().invoke(args=["vc", "sync"])
    (made,) = zoom.meetings.values()
    assert made["start_time"] == "2030-03-05T02:00:00Z" and made["duration"] == 90
    page = client.get("/events/formulir/meetings").get_data(as_text=True)
    assert "Dibuat" in page and str(made["id"]) in page
    assert "Created" in client.get("/events/formulir/meetings?lang=en").get_data(as_text=True)
