"""'Tugas saya': after signing in each role lands on what needs it now, in a fixed number of
statements whatever the data."""
from datetime import UTC, date, datetime, timedelta

import pytest

from lokakarya.events.models import Event, InvitedProvince
from lokakarya.extensions import db as _db
from lokakarya.followup.models import FollowupRound, Submission
from lokakarya.registration.models import Registration
from tests.conftest import login


def _today() -> date:
    return datetime.now(UTC).date()


@pytest.fixture
def round_open(app, world, open_submissions):
    with app.app_context():
        _db.session.add(FollowupRound(event_id=world.event_id, deadline=datetime(2030, 1, 31, 10, tzinfo=UTC)))
        _db.session.commit()


def test_province_focal_point_lands_on_their_tasks_and_reaches_the_form(client, world, users, round_open,
                                                                       add_item):
    today = _today()
    add_item("17", title="Perda pelayanan publik", due=today - timedelta(days=3))
    add_item("17", title="Aplikasi perizinan", due=today + timedelta(days=200), status="in_progress",
             verification="returned")
    add_item("17", title="Jauh di depan", due=today + timedelta(days=200))
    add_item("73", title="Butir Sulawesi", due=today - timedelta(days=3))
    response = login(client, users["fp17"].email)
    assert response.headers["Location"] == "/tasks"
    html = client.get("/tasks").get_data(as_text=True)
    assert f'href="/events/{world.slug}/follow-up/provinces/17"' in html
    assert "Draf" in html and "Isi kiriman" in html and "WIB" in html
    assert "Perda pelayanan publik" in html and "Terlambat" in html
    assert "Aplikasi perizinan" in html  # sent back for changes
    assert "Jauh di depan" not in html and "Butir Sulawesi" not in html
    assert 'data-testid="nav-tasks"' in html


def test_tasks_in_english(client, world, users, round_open):
    login(client, users["fp17"].email)
    client.get("/lang/en")
    html = client.get("/tasks").get_data(as_text=True)
    assert "My tasks" in html and "Draft" in html and "Fill in the submission" in html
    assert "Tugas saya" not in html


def test_submitted_round_past_its_deadline_leaves_the_list(app, client, world, users, round_open):
    with app.app_context():
        rnd = _db.session.execute(_db.select(FollowupRound)).scalar_one()
        rnd.deadline = datetime(2021, 1, 1, tzinfo=UTC)
        sub = _db.session.execute(_db.select(Submission).filter_by(province_code="17")).scalar_one()
        sub.state = "submitted"
        _db.session.commit()
    login(client, users["fp17"].email)
    html = client.get("/tasks").get_data(as_text=True)
    assert "Tidak ada putaran tindak lanjut" in html


def test_organiser_sees_what_waits_per_event(app, client, world, users, add_item):
    with app.app_context():
        event = _db.session.get(Event, world.event_id)
        event.sessions[0].starts_at = datetime.now(UTC) + timedelta(days=10)
        event.sessions[0].ends_at = datetime.now(UTC) + timedelta(days=10, hours=2)
        for n in range(3):
            _db.session.add(Registration(event_id=world.event_id, agency_id=world.agencies["17"],
                                         name=f"Peserta {n}", email=f"p{n}@example.go.id", status="pending"))
        _db.session.commit()
    add_item("17", status="done", verification="pending")
    login(client, users["organiser"].email)
    html = client.get("/tasks").get_data(as_text=True)
    row = html.split('data-testid="event-task"')[1].split("</tr>")[0]
    assert "Lokakarya Uji" in row
    assert f"/events/{world.slug}/registrations?status=pending" in row and ">3<" in row
    assert ">1<" in row  # one item waits for verification


def test_agency_focal_point_sees_open_events_with_quota(app, client, world, users):
    with app.app_context():
        event = _db.session.get(Event, world.event_id)
        event.quota_per_agency = 5
        _db.session.add(Registration(event_id=world.event_id, agency_id=world.agencies["17"], name="A",
                                     email="a@example.go.id", status="confirmed"))
        closed = Event(slug="tutup", title="Acara tertutup", status="published",
                       registration_closes_at=datetime(2021, 1, 1, tzinfo=UTC))
        closed.invited = [InvitedProvince(province_code="17")]
        _db.session.add(closed)
        _db.session.commit()
    login(client, users["agency17"].email)
    html = client.get("/tasks").get_data(as_text=True)
    assert f'href="/events/{world.slug}/delegation"' in html
    assert "1 terpakai, 4 tersisa dari 5" in html
    assert "Acara tertutup" not in html


def _grow(app, world, n: int):
    with app.app_context():
        for i in range(n):
            event = Event(slug=f"extra-{n}-{i}", title=f"Extra {i}", status="published")
            event.invited = [InvitedProvince(province_code="17")]
            _db.session.add(event)
            _db.session.flush()
            _db.session.add(Submission(event_id=event.id, province_code="17"))
            _db.session.add(FollowupRound(event_id=event.id, deadline=datetime(2030, 1, 1, tzinfo=UTC)))
            _db.session.add(Registration(event_id=event.id, agency_id=world.agencies["17"], name="X",
                                         email=f"x{n}{i}@example.go.id", status="pending"))
        _db.session.commit()


@pytest.mark.parametrize("who", ["fp17", "agency17", "organiser"])
def test_tasks_page_runs_a_constant_number_of_statements(app, client, world, users, add_item, query_counter,
                                                          who):
    login(client, users[who].email)
    _grow(app, world, 2)
    for _ in range(2):
        add_item("17", due=_today())
    client.get("/tasks")
    with query_counter() as small:
        assert client.get("/tasks").status_code == 200
    _grow(app, world, 12)
    for _ in range(12):
        add_item("17", due=_today(), verification="returned")
    with query_counter() as large:
        html = client.get("/tasks").get_data(as_text=True)
    assert large[0] == small[0], (small[0], large[0])
    assert "Extra 11" in html or who == "agency17"
