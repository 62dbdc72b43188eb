"""What the fuzz run aims at: the demo workshop plus an event open for registration, a draft
event and a material, and the real slugs and ids the generated paths and bodies borrow."""
from dataclasses import dataclass, field
from datetime import timedelta

from lokakarya.agencies.models import Agency
from lokakarya.auth.models import User
from lokakarya.auth.tokens import issue_api_token
from lokakarya.demo.seed import seed
from lokakarya.events.models import Event, EventSession, InvitedProvince
from lokakarya.extensions import db
from lokakarya.followup.models import ActionItem
from lokakarya.materials.models import Material
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc

OPEN_SLUG = "fuzz-pendaftaran-terbuka"
DRAFT_SLUG = "fuzz-draf"


@dataclass
class World:
    token: str | None = None
    # parameter name → real values (path parameters and body fields of the same name)
    values: dict[str, list] = field(default_factory=dict)


def _event(slug: str, status: str, provinces: tuple[str, ...]) -> Event:
    now = now_utc()
    event = Event(slug=slug, title=f"Lokakarya {slug}", status=status, timezone="Asia/Jakarta",
                  contact_email="panitia@example.go.id",
                  registration_opens_at=now - timedelta(days=1),
                  registration_closes_at=now + timedelta(days=30))
    event.invited = [InvitedProvince(province_code=code) for code in provinces]
    start = now + timedelta(days=40)
    event.sessions.append(EventSession(title="Sesi 1", starts_at=start, ends_at=start + timedelta(hours=1),
                                       position=0))
    db.session.add(event)
    return event


def build_world(role: str | None) -> World:
    """Seed everything (inside an app context) and commit; `role` None is anonymous."""
    summary = seed()
    opened = _event(OPEN_SLUG, "published", ("17", "31"))
    _event(DRAFT_SLUG, "draft", ("17",))
    db.session.add(Agency(name="Dinas Uji Fuzz", kind="dukcapil", province_code="17"))
    db.session.flush()
    db.session.add(Material(event_id=opened.id, session_id=opened.sessions[0].id, kind="link",
                            title="Bahan", visibility="public", url="https://example.go.id/bahan"))
    world = World()
    if role is not None:
        user = User(email=f"fuzz-{role}@example.go.id", name="Fuzz", role=role)
        db.session.add(user)
        db.session.flush()
        world.token = issue_api_token(user)
    db.session.flush()

    def ids(model, limit=5):
        return list(db.session.execute(db.select(model.id).order_by(model.id).limit(limit)).scalars())

    world.values = {
        "slug": [summary["event"], OPEN_SLUG, DRAFT_SLUG],
        "session_id": ids(EventSession, 10),
        "material_id": ids(Material),
        "item_id": ids(ActionItem),
        "registration_id": ids(Registration),
        "agency_id": ids(Agency, 10),
        "code": ["17", "31", "11"],
        "province_code": ["17", "31", "11"],
    }
    db.session.commit()
    return world
