"""Waiting list order, promotion on cancel/reject/raise, approval one by one and in bulk."""
import email
import email.policy

import pytest

from lokakarya.audit.models import AuditEntry
from lokakarya.events.models import Event
from lokakarya.mail.models import OutboxMessage
from lokakarya.registration.waitlist import promote_waitlisted
from tests.conftest import login
from tests.registration.factory import make_agencies, make_event, person, statuses


def register(client, n, agency):
    response = client.post("/events/uji/register", data={**person(n), "agency_id": str(agency), "consent": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location.rsplit("/", 1)[1]


def kinds(db):
    return [m.kind for m in db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()]


def test_cancellation_promotes_first_waitlisted_of_the_full_bucket(client, db):
    event_id = make_event(capacity=10, per_agency=2)
    a, b = make_agencies("17", 2)
    tokens = [register(client, n, a) for n in (1, 2, 3, 4)]  # 3 and 4 wait (agency a full)
    register(client, 5, b)
    assert [s for _, s in statuses(event_id)] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "confirmed"]
    assert client.post(f"/r/{tokens[0]}/cancel").status_code == 302
    assert [s for _, s in statuses(event_id)] == ["cancelled", "confirmed", "confirmed", "waitlisted", "confirmed"]
    assert kinds(db)[-2:] == ["registration_cancelled", "registration_promoted"]
    promoted = db.session.execute(db.select(OutboxMessage).where(OutboxMessage.kind == "registration_promoted")).scalar_one()
    assert promoted.recipient == "peserta3@example.go.id"


def test_raising_a_quota_promotes_in_arrival_order(app, client, db):
    event_id = make_event(capacity=4, per_agency=1)
    a, b = make_agencies("17", 2)
    for n in (1, 2, 3):
        register(client, n, a)
    register(client, 4, b)
    register(client, 5, b)
    assert [s for _, s in statuses(event_id)] == ["confirmed", "waitlisted", "waitlisted", "confirmed", "waitlisted"]
    event = db.session.get(Event, event_id)
    event.quota_per_agency = 5
    with app.test_request_context():  # as the event settings form calls it
        promoted = promote_waitlisted(event)
        db.session.commit()
    # Capacity 4: two seats free, the two earliest waiting people get them.
    assert [r.email for r in promoted] == ["peserta2@example.go.id", "peserta3@example.go.id"]
    assert [s for _, s in statuses(event_id)] == ["confirmed", "confirmed", "confirmed", "confirmed", "waitlisted"]


def test_approval_flow_one_by_one_and_in_bulk_with_reason_mailed(client, db, make_user):
    event_id = make_event(capacity=2, requires_approval=True)
    [a] = make_agencies("17")
    for n in (1, 2, 3, 4):
        register(client, n, a)
    assert [s for _, s in statuses(event_id)] == ["pending", "pending", "waitlisted", "waitlisted"]
    assert kinds(db) == ["registration_received"] * 2 + ["registration_waitlisted"] * 2
    # Written under the seat lock, once the seat is decided: the waiting list says so.
    waiting = db.session.execute(db.select(OutboxMessage).where(OutboxMessage.kind == "registration_waitlisted")).scalars()
    assert all(m.subject.startswith("Anda masuk daftar tunggu") and m.draft["status"] == "waitlisted" for m in waiting)
    ids = [i for i, _ in statuses(event_id)]
    organiser = make_user("organiser")
    login(client, organiser.email)
    page = client.get("/events/uji/registrations")
    assert page.status_code == 200 and page.get_data(as_text=True).count('data-testid="registration-row"') == 4
    client.post("/events/uji/registrations/decide", data={"ids": [str(ids[0])], "action": "approve"})
    # Rejecting without a reason changes nothing.
    client.post("/events/uji/registrations/decide", data={"ids": [str(ids[1])], "action": "reject"})
    assert [s for _, s in statuses(event_id)][:2] == ["confirmed", "pending"]
    client.post("/events/uji/registrations/decide",
                data={"ids": [str(ids[1])], "action": "reject", "reason": "Bukan pejabat yang ditugaskan"})
    # The freed seat goes to the first on the waiting list, who then awaits approval.
    assert [s for _, s in statuses(event_id)] == ["confirmed", "rejected", "pending", "waitlisted"]
    rejected = db.session.execute(db.select(OutboxMessage).where(OutboxMessage.kind == "registration_rejected")).scalar_one()
    body = email.message_from_bytes(rejected.raw, policy=email.policy.default).get_body(("plain",)).get_content()
    assert "Bukan pejabat yang ditugaskan" in body
    client.post("/events/uji/registrations/decide", data={"ids": [str(ids[2]), str(ids[3])], "action": "approve"})
    assert [s for _, s in statuses(event_id)] == ["confirmed", "rejected", "confirmed", "confirmed"]
    actions = db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions.count("registration.approve") == 3 and actions.count("registration.reject") == 1


def test_organiser_list_filters_search_and_quota_counts(client, db, make_user):
    event_id = make_event(capacity=10, per_agency=1, per_province=5)
    [a] = make_agencies("17")
    [b] = make_agencies("31", kind="dpmptsp")
    register(client, 1, a)
    register(client, 2, a)
    register(client, 3, b)
    login(client, make_user("organiser").email)
    rows = lambda q: client.get(f"/events/uji/registrations?{q}").get_data(as_text=True).count('data-testid="registration-row"')  # noqa: E731
    assert rows("") == 3
    assert rows("status=waitlisted") == 1
    assert rows("province_code=31") == 1
    assert rows("agency_kind=dukcapil") == 2
    assert rows("q=Uji+3") == 1
    assert rows(f"q={person(2)['nip']}") == 1
    page = client.get("/events/uji/registrations").get_data(as_text=True)
    assert page.count('data-testid="quota-row"') == 4  # two provinces, two agencies
    assert statuses(event_id)


def test_registrations_list_needs_an_organiser(client, db, login_as):
    make_event()
    assert client.get("/events/uji/registrations").status_code in (302, 401)
    login_as("agency_focal_point", agency_id=make_agencies("17")[0])
    assert client.get("/events/uji/registrations").status_code == 403


def test_list_runs_a_constant_number_of_statements(client, db, make_user, query_counter):
    make_event()
    agencies = make_agencies("17", 3)
    login(client, make_user("organiser").email)

    def measure():
        with query_counter() as n:
            assert client.get("/events/uji/registrations").status_code == 200
        return n[0]

    for i in range(3):
        register(client, i + 1, agencies[i % 3])
    small = measure()
    for i in range(3, 30):
        register(client, i + 1, agencies[i % 3])
    assert measure() == small


def test_exports_show_nip_to_organisers_and_the_printable_list(client, db, make_user):
    import io

    from openpyxl import load_workbook

    make_event()
    [a] = make_agencies("17")
    register(client, 1, a)
    register(client, 2, a)
    login(client, make_user("organiser").email)
    csv_text = client.get("/events/uji/registrations.csv").data.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("No,Nama,NIP") and len(lines) == 3
    assert person(1)["nip"] in csv_text and "+6281200000001" in csv_text
    sheet = load_workbook(io.BytesIO(client.get("/events/uji/registrations.xlsx?q=Uji+2").data)).active
    assert [c.value for c in sheet[2]][1:3] == ["Peserta Uji 2", person(2)["nip"]]
    assert sheet.max_row == 2
    printed = client.get("/events/uji/registrations/print").get_data(as_text=True)
    assert printed.count('data-testid="print-row"') == 2 and person(2)["nip"] in printed


def test_mask_nip_elsewhere():
    from lokakarya.registration.exports import mask_nip

    assert mask_nip("198609262015051001") == "1986***********001"
    assert mask_nip(None) == ""


@pytest.mark.parametrize(("lang", "said"), [("id", "Tidak dapat diubah dari status Dibatalkan."),
                                            ("en", "Cannot be changed from status Cancelled.")])
def test_a_refused_decision_names_the_status_in_words(app, client, make_user, lang, said):
    # No app context held across the requests (the `db` fixture's would keep the first
    # request's language for every later one).
    with app.app_context():
        event_id = make_event()
        [agency] = make_agencies("17")
    token = register(client, 1, agency)
    assert client.post(f"/r/{token}/cancel").status_code == 302
    with app.app_context():
        [(registration_id, _status)] = statuses(event_id)
    login(client, make_user("organiser").email)
    refused = client.post(f"/events/uji/registrations/decide?lang={lang}",
                          data={"ids": [str(registration_id)], "action": "approve"})
    assert refused.status_code == 302
    html = client.get(f"/events/uji/registrations?lang={lang}").get_data(as_text=True)
    assert said in html and "status cancelled" not in html
