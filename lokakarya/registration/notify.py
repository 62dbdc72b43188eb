"""Messages to a registrant about their registration, through the outbox, in their language.

They are queued as references and written at delivery (mail/deferred.py): in a registration
rush a registrant then costs one INSERT, not the templates and calendars of six e-mails. The
reference keeps what was decided (kind, status, reason, calendar method), so the message says
what happened then, in the words and times of when it is written.
"""
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from lokakarya.core.formatting import fmt_datetime
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.ical.invites import session_calendar
from lokakarya.mail.compose import Draft
from lokakarya.mail.deferred import renderer
from lokakarya.mail.models import OutboxMessage
from lokakarya.mail.outbox import deferred_message, queue_deferred
from lokakarya.registration.links import personal_url
from lokakarya.registration.models import Registration
from lokakarya.registration.zones import participant_timezone

# One function per kind, so a message translates its own subject only (every registration
# queues one: translating all seven took a tenth of its CPU).
_SUBJECTS = {
    "received": lambda title: _("Pendaftaran diterima, menunggu persetujuan: %(title)s", title=title),
    "confirmed": lambda title: _("Pendaftaran terkonfirmasi: %(title)s", title=title),
    "waitlisted": lambda title: _("Anda masuk daftar tunggu: %(title)s", title=title),
    "promoted": lambda title: _("Anda mendapat tempat: %(title)s", title=title),
    "rejected": lambda title: _("Pendaftaran ditolak: %(title)s", title=title),
    "cancelled": lambda title: _("Pendaftaran dibatalkan: %(title)s", title=title),
    "link": lambda title: _("Tautan pendaftaran Anda: %(title)s", title=title),
}


def _subject(kind: str, title: str) -> str:
    return _SUBJECTS[kind](title)


def _session_subject(method: str, session: EventSession, event: Event) -> str:
    if method == "REQUEST":
        return _("Undangan kalender: %(session)s (%(title)s)", session=session.title, title=event.title)
    return _("Batal di kalender: %(session)s (%(title)s)", session=session.title, title=event.title)


def _calendar_method(registration: Registration, kind: str, had_seat: bool) -> str | None:
    """REQUEST when the message gives a seat, CANCEL when it takes one away."""
    if registration.status == "confirmed" and kind in ("confirmed", "promoted"):
        return "REQUEST"
    if had_seat and kind in ("rejected", "cancelled"):
        return "CANCEL"
    return None


def notify(registration: Registration, kind: str, reason: str | None = None,
           had_seat: bool = False) -> OutboxMessage | None:
    """Queue the message of `kind` (a key of _SUBJECTS); `had_seat` sends calendar cancellations.

    The reference is the personal token (so a registration not yet flushed can be told) and
    what was decided now; the sessions are looked at when the message is written.
    """
    row = message_for(registration, kind, reason, had_seat)
    if row is not None:
        db.session.add(row)
    return row


def message_for(registration: Registration, kind: str, reason: str | None = None,
                had_seat: bool = False) -> OutboxMessage | None:
    """The message `notify` queues, not yet in the session (None once anonymised)."""
    if not registration.email:
        return None
    columns = _message(registration, kind, reason, had_seat)
    return deferred_message(registration.email, columns["subject"], columns["kind"], columns["draft"])


def _message(registration: Registration, kind: str, reason: str | None, had_seat: bool) -> dict:
    """The outbox columns of the message: subject, kind and the reference written at delivery."""
    with force_locale(registration.locale or "id"):
        subject = _subject(kind, registration.event.title)
    return {"subject": subject, "kind": f"registration_{kind}", "draft": {
        "deferred": "registration", "token": registration.token, "kind": kind,
        "status": registration.status, "reason": reason, "method": _calendar_method(registration, kind, had_seat),
    }}


@renderer("registration")
def write(reference: dict) -> Draft | None:
    """The Draft of a message queued by `notify`; None once the registrant's data is erased
    (which also gives a new token).

    A one-session event carries its calendar in the message itself; with several sessions each
    gets a message of its own (one UID per iTIP message, so every calendar app takes them all),
    queued here, when the message they belong to is written.
    """
    registration = db.session.execute(
        db.select(Registration).where(Registration.token == reference["token"])
    ).scalar_one_or_none()
    if registration is None or not registration.email:
        return None
    with force_locale(registration.locale or "id"):
        if "session_id" in reference:
            session = db.session.get(EventSession, reference["session_id"])
            return _session_draft(registration, session, reference["method"], reference["position"]) if session else None
        sessions = [s for s in registration.event.sessions if not s.cancelled] if reference["method"] else []
        if len(sessions) > 1:
            for position, session in enumerate(sessions, start=1):
                queue_deferred(registration.email, _session_subject(reference["method"], session, registration.event),
                               f"registration_{reference['kind']}_calendar",
                               {**reference, "session_id": session.id, "position": position})
        return _message_draft(registration, reference, sessions)


def _message_draft(registration: Registration, reference: dict, sessions: list[EventSession]) -> Draft:
    event, kind = registration.event, reference["kind"]
    inline = session_calendar(registration, sessions[0], reference["method"], 1) if len(sessions) == 1 else None
    text = render_template(
        "registration/mail/message.txt", kind=kind, status=reference["status"], registration=registration,
        event=event, link=personal_url(registration), reason=reference["reason"],
        separate_calendars=len(sessions) > 1,
    )
    return Draft(to=registration.email, subject=_subject(kind, event.title), text=text,
                 calendar=inline.part if inline else None, attachments=(inline.attachment,) if inline else ())


def _session_draft(registration: Registration, session: EventSession, method: str, position: int) -> Draft:
    event = registration.event
    item = session_calendar(registration, session, method, position)
    when = fmt_datetime(session.starts_at, participant_timezone(registration), registration.locale or "id")
    text = render_template("registration/mail/session_calendar.txt", registration=registration,
                           event=event, session=session, when=when, method=method,
                           link=personal_url(registration))
    return Draft(to=registration.email, subject=_session_subject(method, session, event), text=text,
                 calendar=item.part, attachments=(item.attachment,))
