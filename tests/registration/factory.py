"""Events and agencies for registration tests (committed, so HTTP requests see them)."""
from datetime import timedelta

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event, EventSession, InvitedProvince
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc

BASE_NIP = "198609262015051"  # + 3-digit serial


def nip(serial: int) -> str:
    return f"{BASE_NIP}{serial:03d}"


def person(n: int, agency_id: int | None = None) -> dict:
    data = {"name": f"Peserta Uji {n}", "nip": nip(n), "position": "Analis",
            "email": f"peserta{n}@example.go.id", "phone": f"0812{n:08d}"}
    if agency_id is not None:
        data["agency_id"] = agency_id
    return data


def make_event(slug="uji", provinces=("17", "31"), capacity=None, per_agency=None, per_province=None,
               requires_approval=False, allow_central=True, allow_pppk=True, opens=None, closes=None,
               status="published", sessions=1, **extra) -> int:
    now = now_utc()
    event = Event(
        slug=slug, title=f"Lokakarya {slug}", status=status, timezone="Asia/Jakarta",
        contact_email="panitia@example.go.id",
        registration_opens_at=opens if opens is not None else now - timedelta(days=1),
        registration_closes_at=closes if closes is not None else now + timedelta(days=7),
        capacity=capacity, quota_per_agency=per_agency, quota_per_province=per_province,
        requires_approval=requires_approval, allow_central_agencies=allow_central, allow_pppk=allow_pppk,
        **extra,
    )
    event.invited = [InvitedProvince(province_code=code) for code in provinces]
    for i in range(sessions):
        start = now + timedelta(days=10, hours=i)
        event.sessions.append(EventSession(title=f"Sesi {i + 1}", starts_at=start,
                                           ends_at=start + timedelta(minutes=50), position=i))
    db.session.add(event)
    db.session.commit()
    return event.id


def make_agencies(province="17", count=1, kind="dukcapil") -> list[int]:
    agencies = [Agency(name=f"Dinas {kind} {province}-{i}", kind=kind, province_code=province)
                for i in range(count)]
    db.session.add_all(agencies)
    db.session.commit()
    return [a.id for a in agencies]


def statuses(event_id: int) -> list[tuple[int, str]]:
    db.session.expire_all()
    return [(r.id, r.status) for r in db.session.execute(
        db.select(Registration).where(Registration.event_id == event_id).order_by(Registration.id)
    ).scalars()]
