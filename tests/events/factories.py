"""Building events, sessions and registrations straight through the models (test data)."""
from datetime import UTC, datetime, timedelta

from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.extensions import db
from lokakarya.registration.models import Registration

ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=rahasia"
PASSCODE = "sandi-4821"


def make_event(slug="lokakarya-uji", sessions=2, start=None, tz="Asia/Jakarta", status="published",
               meeting=True, minutes=60, **fields) -> Event:
    start = start or datetime(2030, 3, 5, 2, 0, tzinfo=UTC)
    event = Event(slug=slug, title=fields.pop("title", "Lokakarya Uji"), timezone=tz, status=status,
                  contact_email="panitia@example.go.id", organiser_unit="Biro Uji", **fields)
    for i in range(sessions):
        begins = start + timedelta(minutes=minutes * i)
        event.sessions.append(EventSession(title=f"Sesi {i + 1}", description=f"Tentang sesi {i + 1}",
                                           speakers="Narasumber A\nNarasumber B", position=i,
                                           starts_at=begins, ends_at=begins + timedelta(minutes=minutes)))
    if meeting:
        event.meetings.append(Meeting(provider="zoom", join_url=ZOOM, meeting_code="812 3456 7890",
                                      passcode=PASSCODE))
    db.session.add(event)
    db.session.flush()
    return event


def make_registration(event: Event, status="confirmed", n=1, locale="id") -> Registration:
    registration = Registration(event_id=event.id, name=f"Peserta {n}", email=f"peserta{n}@example.go.id",
                                status=status, locale=locale)
    db.session.add(registration)
    db.session.flush()
    return registration
