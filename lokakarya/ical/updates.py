"""Calendar updates to confirmed registrants after a schedule change (through the outbox).

One message per registrant and request: a REQUEST carrying the changed sessions with their
raised SEQUENCE, and a separate CANCEL for cancelled ones (iTIP keeps one method per message).
"""
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from lokakarya.agencies.models import Agency
from lokakarya.core.formatting import fmt_datetime
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.ical import calendars, entries
from lokakarya.ical.invites import calendar_parts
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.registration import links
from lokakarya.registration.models import Registration
from lokakarya.registration.views import participant_timezone
from lokakarya.timeutil import now_utc


def confirmed_registrations(event: Event) -> list[Registration]:
    return list(db.session.execute(
        db.select(Registration)
        .where(Registration.event_id == event.id, Registration.status == "confirmed",
               Registration.email.is_not(None))
        .options(joinedload(Registration.agency).joinedload(Agency.province))
        .order_by(Registration.id)
    ).scalars())


def _lines(registration: Registration, sessions: list[EventSession]) -> str:
    tz = participant_timezone(registration)
    lang = registration.locale or "id"
    return "\n".join(f"- {s.title}: {fmt_datetime(s.starts_at, tz, lang)}" for s in sessions)


def _draft(registration: Registration, method: str, sessions: list[EventSession]) -> Draft:
    event = registration.event
    stamp = now_utc()
    if method == "REQUEST":
        ics = calendars.invitation([entries.personal_entry(registration, s) for s in sessions],
                                   entries.organizer(event), entries.attendee(registration), stamp)
        subject = _("Perubahan jadwal: %(title)s", title=event.title)
        intro = _("Jadwal sesi berikut berubah. Kalender Anda akan diperbarui:")
        filename = "perubahan.ics"
    else:
        ics = calendars.cancellation([entries.public_entry(s, event) for s in sessions],
                                     entries.organizer(event), entries.attendee(registration), stamp)
        subject = _("Sesi dibatalkan: %(title)s", title=event.title)
        intro = _("Sesi berikut dibatalkan:")
        filename = "batal.ics"
    text = "\n\n".join([
        _("Yth. %(name)s,", name=registration.name or ""), intro, _lines(registration, sessions),
        _("Halaman Anda: %(url)s", url=links.personal_url(registration)),
    ])
    part, attachment = calendar_parts(ics, method, filename)
    return Draft(to=registration.email, subject=subject, text=text, calendar=part,
                 attachments=(attachment,))


def send_schedule_updates(event: Event, changed: list[EventSession],
                          cancelled: list[EventSession]) -> int:
    """Queue the updates; returns the number of messages. Nothing is committed here."""
    changed = [s for s in dict.fromkeys(changed) if not s.cancelled]
    cancelled = list(dict.fromkeys(cancelled))
    if not changed and not cancelled:
        return 0
    count = 0
    for registration in confirmed_registrations(event):
        with force_locale(registration.locale or "id"):
            for method, sessions in (("REQUEST", changed), ("CANCEL", cancelled)):
                if sessions:
                    queue(_draft(registration, method, sessions), kind=f"schedule_{method.lower()}")
                    count += 1
    return count
