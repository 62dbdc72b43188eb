"""Small builders for the tests of reminders, materials and evaluation (committed rows)."""
from datetime import datetime

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.reminders.services import ensure_settings
from lokakarya.timeutil import localize

WIB, WITA, WIT = "11", "51", "91"  # Aceh, Bali, Papua


def make_event(slug="lokakarya-uji", tz="Asia/Jakarta", status="published",
               sessions=(((2026, 12, 10, 9, 0), (2026, 12, 10, 10, 30)),), passcode="RAHASIA7") -> Event:
    """An event whose sessions are given as local wall-clock tuples in `tz`."""
    event = Event(slug=slug, title=f"Lokakarya {slug}", timezone=tz, status=status)
    for position, (start, end) in enumerate(sessions):
        event.sessions.append(EventSession(
            title=f"Sesi {position + 1}", starts_at=localize(datetime(*start), tz),  # noqa: DTZ001
            ends_at=localize(datetime(*end), tz), position=position))  # noqa: DTZ001
    event.meetings.append(Meeting(provider="zoom", join_url="https://zoom.example/j/999",
                                  meeting_code="999 111", passcode=passcode))
    db.session.add(event)
    db.session.flush()
    ensure_settings({event.id})  # as events.services.create_event does
    db.session.commit()
    return event


_agencies: dict[str, int] = {}


def make_registration(event: Event, status="confirmed", province=WIB, name=None, locale="id") -> Registration:
    agency = db.session.execute(db.select(Agency).where(Agency.province_code == province)).scalars().first()
    if agency is None:
        agency = Agency(name=f"Dinas Dukcapil {province}", kind="dukcapil", province_code=province)
        db.session.add(agency)
        db.session.flush()
    count = db.session.execute(db.select(db.func.count()).select_from(Registration)).scalar_one()
    registration = Registration(event_id=event.id, agency_id=agency.id, status=status, locale=locale,
                                name=name or f"Peserta {count + 1}", email=f"peserta{count + 1}@example.go.id")
    db.session.add(registration)
    db.session.commit()
    return registration
