"""Messages to a registrant about their registration, through the outbox, in their language."""
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

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


def _calendar(registration: Registration, kind: str, had_seat: bool):
    if registration.status == "confirmed" and kind in ("confirmed", "promoted"):
        return invitation_calendar(registration)
    if had_seat and kind in ("rejected", "cancelled"):
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
