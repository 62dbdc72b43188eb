"""A small follow-up world: an event inviting Bengkulu (WIB), Sulawesi Selatan (WITA) and Papua
(WIT), an agency in each, focal points, and helpers to add items directly."""
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event, EventSession, InvitedProvince
from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionItem, Issue, Submission

PROVINCES = ("17", "73", "94")


@dataclass
class World:
    event_id: int
    slug: str
    agencies: dict[str, int]  # province code → agency id
    other_agency: dict[str, int]


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        event = Event(slug="fu-2020", title="Lokakarya Uji", timezone="Asia/Jakarta", status="published")
        event.invited = [InvitedProvince(province_code=code) for code in PROVINCES]
        event.sessions.append(EventSession(title="Sesi", starts_at=datetime(2020, 11, 12, 2, tzinfo=UTC),
                                           ends_at=datetime(2020, 11, 12, 4, tzinfo=UTC)))
        _db.session.add(event)
        agencies, others = {}, {}
        for code in PROVINCES:
            main = Agency(name=f"DPMPTSP {code}", kind="dpmptsp", province_code=code)
            other = Agency(name=f"Dukcapil {code}", kind="dukcapil", province_code=code)
            _db.session.add_all([main, other])
            _db.session.flush()
            agencies[code], others[code] = main.id, other.id
        _db.session.commit()
        return World(event.id, event.slug, agencies, others)


@pytest.fixture
def add_item(app, world):
    """add_item(province, **fields) → id of a tracked action item."""

    def make(province="17", kind="commitment", agency_id=None, due=date(2021, 6, 30), status="open",
             verification=None, category="lainnya", title=None, event_id=None, tracked=True, progress=0):
        with app.app_context():
            item = ActionItem(event_id=event_id or world.event_id, kind=kind, province_code=province,
                              agency_id=agency_id or world.agencies[province], category=category,
                              title=title or f"Butir {province} {status}", due_date=due, status=status,
                              verification=verification, tracked=tracked, progress=progress)
            _db.session.add(item)
            _db.session.commit()
            return item.id

    return make


@pytest.fixture
def add_issue(app, world):
    def make(province="17", category="dasar_hukum", text="Regulasi belum lengkap"):
        with app.app_context():
            issue = Issue(event_id=world.event_id, province_code=province, agency_id=world.agencies[province],
                          category=category, description=text)
            _db.session.add(issue)
            _db.session.commit()
            return issue.id

    return make


@pytest.fixture
def open_submissions(app, world):
    with app.app_context():
        _db.session.add_all([Submission(event_id=world.event_id, province_code=c) for c in PROVINCES])
        _db.session.commit()


@pytest.fixture
def users(make_user, world):
    """One user per role that matters here (emails fixed so tests can log in as them)."""
    return {
        "organiser": make_user("organiser", email="org@kemenpan.example.go.id"),
        "admin": make_user("admin", email="admin@kemenpan.example.go.id"),
        "fp17": make_user("province_focal_point", email="fp17@example.go.id", province_code="17"),
        "fp73": make_user("province_focal_point", email="fp73@example.go.id", province_code="73"),
        "agency17": make_user("agency_focal_point", email="ag17@example.go.id", agency_id=world.agencies["17"]),
        "agency17b": make_user("agency_focal_point", email="ag17b@example.go.id",
                               agency_id=world.other_agency["17"]),
    }
