"""Shared by the attendance tests: the samples, the demo agenda, a signed-in organiser."""
from datetime import date
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
DEMO_DAYS = {date(2020, 11, 12)}
ZONE = "Asia/Jakarta"
# Session lengths of the demo agenda, in order (08:30-09:00, 09:00-10:30, 10:30-12:00,
# 13:00-14:30, 14:30-15:00 WIB).
AGENDA_MINUTES = [30, 90, 90, 90, 30]


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def zoom_text() -> str:
    return sample("zoom-participants.csv").decode("utf-8")


def demo_event():
    from lokakarya.demo.seed import SLUG
    from lokakarya.events.models import Event
    from lokakarya.extensions import db

    return db.session.execute(db.select(Event).where(Event.slug == SLUG)).scalar_one()


def registration_by_email(email: str):
    from lokakarya.extensions import db
    from lokakarya.registration.models import Registration

    return db.session.execute(db.select(Registration).where(Registration.email == email)).scalar_one()
