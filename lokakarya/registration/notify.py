"""Messages to a registrant about their registration, through the outbox, in their language."""
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import inspect
from sqlalchemy.orm import selectinload

from lokakarya.core.formatting import fmt_datetime
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.ical.invites import SessionCalendar, session_cancellations, session_invitations
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.registration.links import personal_url
from lokakarya.registration.models import Registration
from lokakarya.registration.zones import participant_timezone

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


def _calendars(registration: Registration, kind: str, had_seat: bool) -> list[SessionCalendar]:
    if registration.status == "confirmed" and kind in ("confirmed", "promoted"):
        load_agenda(registration.event)
        return session_invitations(registration)
    if had_seat and kind in ("rejected", "cancelled"):
        load_agenda(registration.event)
        return session_cancellations(registration)
    return []


def messages(registration: Registration, kind: str, reason: str | None = None,
             had_seat: bool = False) -> list[tuple[Draft, str]]:
    """The drafts (and their outbox kinds) of the message of `kind` (one of KINDS), unqueued.

    A one-session event carries its calendar in the message itself; with several sessions each
    gets a message of its own (one UID per iTIP message), so every calendar app takes them all.
    """
    if not registration.email:  # anonymised
        return []
    event = registration.event
    with force_locale(registration.locale or "id"):
        items = _calendars(registration, kind, had_seat)
        inline = items[0] if len(items) == 1 else None
        text = render_template(
            "registration/mail/message.txt", kind=kind, registration=registration, event=event,
            link=personal_url(registration), reason=reason, separate_calendars=len(items) > 1,
        )
        out = [(Draft(
            to=registration.email, subject=_subject(kind, event.title), text=text,
            calendar=inline.part if inline else None,
            attachments=(inline.attachment,) if inline else (),
        ), f"registration_{kind}")]
        if len(items) > 1:
            out += [(_session_draft(registration, item), f"registration_{kind}_calendar") for item in items]
    return out


def queue_all(drafts: list[tuple[Draft, str]]) -> None:
    for draft, kind in drafts:  # inserted together at the commit
        queue(draft, kind=kind, flush=False)


def notify(registration: Registration, kind: str, reason: str | None = None,
           had_seat: bool = False) -> None:
    """Queue the message of `kind` (one of KINDS); `had_seat` sends calendar cancellations."""
    queue_all(messages(registration, kind, reason, had_seat))


def _session_draft(registration: Registration, item: SessionCalendar) -> Draft:
    session, event = item.session, registration.event
    when = fmt_datetime(session.starts_at, participant_timezone(registration), registration.locale or "id")
    if item.part.method == "REQUEST":
        subject = _("Undangan kalender: %(session)s (%(title)s)", session=session.title, title=event.title)
    else:
        subject = _("Batal di kalender: %(session)s (%(title)s)", session=session.title, title=event.title)
    text = render_template("registration/mail/session_calendar.txt", registration=registration,
                           event=event, session=session, when=when, method=item.part.method,
                           link=personal_url(registration))
    return Draft(to=registration.email, subject=subject, text=text, calendar=item.part,
                 attachments=(item.attachment,))
