"""Absolute personal links of a registration (for e-mails, calendars and reminders).

The paths are part of the published interface (DESIGN.md) and never change.
"""
from flask import current_app

from lokakarya.events.models import EventSession
from lokakarya.registration.models import Registration


def _base() -> str:
    return current_app.config["BASE_URL"]


def personal_url(registration: Registration) -> str:
    return f"{_base()}/r/{registration.token}"


def feed_url(registration: Registration) -> str:
    return f"{_base()}/r/{registration.token}/calendar.ics"


def webcal(url: str) -> str:
    """The webcal:// form of a feed's address (calendar apps subscribe rather than download)."""
    return "webcal://" + url.split("://", 1)[1]


def webcal_url(registration: Registration) -> str:
    return webcal(feed_url(registration))


def join_url(registration: Registration, session: EventSession) -> str:
    return f"{_base()}/r/{registration.token}/join/{session.id}"


def event_url(slug: str) -> str:
    return f"{_base()}/events/{slug}"


def register_url(slug: str) -> str:
    return f"{_base()}/events/{slug}/register"
