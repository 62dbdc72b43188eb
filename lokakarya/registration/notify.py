"""Messages to a registrant about their registration, through the outbox, in their language."""
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import inspect
from sqlalchemy.orm import selectinload

from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.ical.invites import cancellation_calendar, invitation_calendar
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.registration.links import personal_url
from lokakarya.registration.models import Registration

KINDS = ("received", "confirmed", "waitlisted", "promoted", "rejected", "cancelled", "link")


def _subject(kind: str, title: str) -> str:
    return {
        "received": _("Pendaftaran diterima, menunggu persetujuan: %(title)s", title=title),
        "confirmed": _("Pendaftaran terkonfirmasi: %(title)s", title=title),
        "waitlisted": _("Anda masuk daftar tunggu: %(title)s", title=title),
        "promoted": _("Anda mendapat tempat: %(title)s", title=title),
        "rejected": _("Pendaftaran ditolak: %(title)s", title=title),
        "cancelled": _("Pendaftaran dibatalkan: %(title)s", title=title),
        "link": _("Tautan pendaftaran Anda: %(title)s", title=title),
    }[kind]


def load_agenda(event: Event) -> None:
    """Sessions with their meetings in a few statements, rather than one per session when the
    calendar is built (and not at all for messages without a calendar)."""
    if "sessions" in inspect(event).unloaded:
        db.session.execute(
            db.select(Event).where(Event.id == event.id).execution_options(populate_existing=True)
            .options(selectinload(Event.sessions).selectinload(EventSession.meeting),
                     selectinload(Event.meetings))
        ).scalar_one()


def _calendar(registration: Registration, kind: str, had_seat: bool):
    if registration.status == "confirmed" and kind in ("confirmed", "promoted"):
        load_agenda(registration.event)
        return invitation_calendar(registration)
    if had_seat and kind in ("rejected", "cancelled"):
        load_agenda(registration.event)
        return cancellation_calendar(registration)
    return None


def notify(registration: Registration, kind: str, reason: str | None = None,
           had_seat: bool = False) -> None:
    """Queue the message of `kind` (one of KINDS); `had_seat` sends a calendar cancellation."""
    if not registration.email:  # anonymised
        return
    event = registration.event
    with force_locale(registration.locale or "id"):
        parts = _calendar(registration, kind, had_seat)
        text = render_template(
            "registration/mail/message.txt", kind=kind, registration=registration, event=event,
            link=personal_url(registration), reason=reason,
        )
        queue(Draft(
            to=registration.email, subject=_subject(kind, event.title), text=text,
            calendar=parts[0] if parts else None, attachments=(parts[1],) if parts else (),
        ), kind=f"registration_{kind}")
