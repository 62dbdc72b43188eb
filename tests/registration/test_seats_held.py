"""The event's seats_held (kept by database triggers) always equals the registrations holding a
seat, whatever changed them: registering, cancelling, deciding, promoting, statements that bypass
the ORM, moving a registration to another event, deleting. A registration decides its seat from
this number, so a drift would overbook or turn people away."""
from sqlalchemy import text

from lokakarya.events.models import Event
from tests.conftest import login
from tests.registration.factory import make_agencies, make_event, person, statuses


def held(db, event_id: int) -> tuple[int, int]:
    """(the counter, the count it stands for)."""
    db.session.expire_all()
    counter = db.session.get(Event, event_id).seats_held
    counted = db.session.execute(text(
        "SELECT count(*) FROM registrations WHERE event_id = :id AND status IN ('confirmed', 'pending')"),
        {"id": event_id}).scalar_one()
    return counter, counted


def register(client, n, agency, slug="uji"):
    response = client.post(f"/events/{slug}/register", data={**person(n), "agency_id": str(agency), "consent": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location.rsplit("/", 1)[1]


def test_the_counter_follows_every_change_of_a_registration(client, db, make_user):
    event_id = make_event(capacity=3, requires_approval=True)
    [agency] = make_agencies("17")
    tokens = [register(client, n, agency) for n in (1, 2, 3, 4, 5)]
    assert [s for _, s in statuses(event_id)] == ["pending"] * 3 + ["waitlisted"] * 2
    assert held(db, event_id) == (3, 3)

    # The participant cancels: the first waiting person moves up (pending again), still 3.
    assert client.post(f"/r/{tokens[0]}/cancel").status_code == 302
    assert [s for _, s in statuses(event_id)] == ["cancelled", "pending", "pending", "pending", "waitlisted"]
    assert held(db, event_id) == (3, 3)

    ids = [i for i, _ in statuses(event_id)]
    login(client, make_user("organiser").email)
    client.post("/events/uji/registrations/decide", data={"ids": [str(ids[1]), str(ids[2])], "action": "approve"})
    client.post("/events/uji/registrations/decide",
                data={"ids": [str(ids[3])], "action": "reject", "reason": "Bukan pejabat yang ditugaskan"})
    assert [s for _, s in statuses(event_id)] == ["cancelled", "confirmed", "confirmed", "rejected", "pending"]
    assert held(db, event_id) == (3, 3)

    # Statements that bypass the ORM (a bulk change, a purge) are counted too.
    db.session.execute(text("UPDATE registrations SET status = 'cancelled' WHERE id = :id"), {"id": ids[4]})
    db.session.execute(text("DELETE FROM registrations WHERE id = :id"), {"id": ids[1]})
    db.session.commit()
    assert held(db, event_id) == (1, 1)

    # A registration moved to another event leaves its seat behind and takes one there.
    other_id = make_event(slug="lain", capacity=10)
    db.session.execute(text("UPDATE registrations SET event_id = :other WHERE id = :id"), {"other": other_id, "id": ids[2]})
    db.session.commit()
    assert held(db, event_id) == (0, 0)
    assert held(db, other_id) == (1, 1)


def test_a_full_event_read_from_the_counter_waitlists_the_next_person(client, db):
    event_id = make_event(capacity=2)
    [agency] = make_agencies("17")
    register(client, 1, agency)
    register(client, 2, agency)
    # Seats freed behind the app's back (a purge by statement) are free for the next person.
    db.session.execute(text("DELETE FROM registrations WHERE event_id = :id AND email = :email"),
                       {"id": event_id, "email": person(1)["email"]})
    db.session.commit()
    register(client, 3, agency)
    register(client, 4, agency)
    assert [s for _, s in statuses(event_id)] == ["confirmed", "confirmed", "waitlisted"]
    assert held(db, event_id) == (2, 2)
