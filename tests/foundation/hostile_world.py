"""The world the hostile-input tests walk: the demo workshop, an open event with a participant,
an evaluation, an agency focal point; who signs in; what hostile values are."""
import io

import pytest
import sqlalchemy as sa

from lokakarya.agencies.models import Agency
from lokakarya.demo.seed import FOCAL_POINT, ORGANISER, SLUG
from lokakarya.evaluation.models import EvaluationForm, Question
from lokakarya.events.models import EventSession
from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionItem, Issue
from lokakarya.registration.models import Registration
from tests.attendance.helpers import sample
from tests.conftest import login
from tests.registration.factory import make_agencies, make_event, person

HOSTILE = {
    "nul": "Isian\x00uji",
    "control": "Isian\x01\x1b[31muji",
    "del": "Isian\x7f",
    "long": "x" * 30_000,
    "int_overflow": "99999999999",
    "superscript": "²",
    "arabic_indic": "٣",
}


@pytest.fixture
def world(app, demo, make_user):
    with app.app_context():
        event_id = make_event(slug="uji", provinces=("17",))
        [agency] = make_agencies("17")
        demo_event = _db.session.execute(sa.text("SELECT id FROM events WHERE slug = :s"), {"s": SLUG}).scalar()
        form = EvaluationForm(event_id=event_id, is_open=True)
        form.questions = [Question(kind="rating", text="Nilai", position=0, required=False),
                          Question(kind="single", text="Pilih", options="Ya\nTidak", position=1, required=False),
                          Question(kind="text", text="Saran", position=2, required=False)]
        registration = Registration(event_id=event_id, agency_id=agency, status="confirmed", **person(900))
        _db.session.add_all([form, registration])
        _db.session.commit()
        token = registration.token
        demo_registration = _db.session.execute(sa.select(sa.func.min(Registration.id)).where(
            Registration.event_id == demo_event)).scalar()
        ids = {name: _db.session.execute(sa.select(sa.func.min(column)).where(*where)).scalar()
               for name, column, where in (
                   ("session", EventSession.id, [EventSession.event_id == demo_event]),
                   ("agency", Agency.id, []),
                   ("item", ActionItem.id, [ActionItem.province_code == "17"]),
                   ("issue", Issue.id, [Issue.province_code == "17"]))}
    focal_agency = make_user("agency_focal_point", agency_id=agency)
    invited = make_user("province_focal_point", province_code="18")
    with app.app_context():
        from lokakarya.auth.tokens import make_link_token

        user = _db.session.get(type(invited), invited.id)
        links = {"invite": make_link_token(user, "invite"), "reset": make_link_token(user, "reset")}
    return {"event_id": event_id, "token": token, "demo_registration": demo_registration,
            "focal_agency": focal_agency, "links": links, **ids}


def pages(world) -> dict[str, list[str]]:
    """Pages with forms, by who sees them."""
    s, w = SLUG, world
    return {
        "organiser": [
            "/agencies/new", f"/agencies/{w['agency']}/edit", "/events/new", f"/events/{s}/manage",
            f"/events/{s}/sessions/new", f"/events/{s}/sessions/{w['session']}/edit",
            f"/events/{s}/registrations", f"/events/{s}/attendance", f"/events/{s}/attendance/import",
            f"/events/{s}/certificates", f"/events/{s}/evaluation", f"/events/{s}/materials",
            f"/events/{s}/sessions/{w['session']}/minutes", f"/events/{s}/reminders",
            f"/events/{s}/follow-up", f"/events/{s}/follow-up/recommendations?province_code=17",
            f"/follow-up/items/{w['item']}", f"/follow-up/items/{w['item']}/edit",
            f"/follow-up/issues/{w['issue']}/edit", f"/events/{s}/follow-up/provinces/17", "/users",
            "/admin/outbox/", "/account", "/events/uji/follow-up",  # an event without a round yet
        ],
        "province": [f"/events/{s}/follow-up/provinces/17", f"/follow-up/items/{w['item']}"],
        "agency": ["/events/uji/delegation"],
        "anonymous": [f"/r/{w['token']}", f"/r/{w['token']}/edit", f"/r/{w['token']}/cancel",
                      f"/r/{w['token']}/delete", "/events/uji/register?province=17", "/events/uji/link", "/login",
                      "/password/forgot", f"/invite/{w['links']['invite']}", f"/password/reset/{w['links']['reset']}"],
    }


def prepare_organiser(client, world) -> list[str]:
    """An attendance report awaiting review and an issued certificate: their pages have forms."""
    s = SLUG
    response = client.post(f"/events/{s}/attendance/import", content_type="multipart/form-data", data={
        "file": (io.BytesIO(sample("zoom-participants.csv")), "zoom.csv"), "timezone": "Asia/Jakarta",
        "date_order": ""})
    assert response.status_code == 302
    demo_person = world["demo_registration"]
    assert client.post(f"/events/{s}/certificates/issue/{demo_person}").status_code == 302
    return [response.headers["Location"], f"/events/{s}/attendance/sessions/{world['session']}",
            f"/events/{s}/certificates"]


def sign_in(client, who, world):
    client.get("/lang/id")
    if who == "organiser":
        login(client, ORGANISER.email, ORGANISER.password)
    elif who == "province":
        login(client, FOCAL_POINT.email, FOCAL_POINT.password)
    elif who == "agency":
        login(client, world["focal_agency"].email)
