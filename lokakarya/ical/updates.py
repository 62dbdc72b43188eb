"""Calendar updates to confirmed registrants after a schedule change (through the outbox).

One message per registrant and session: a REQUEST with the raised SEQUENCE for a changed
session, a CANCEL for a cancelled one (iTIP keeps one UID and one method per message).
"""
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from lokakarya.agencies.models import Agency
from lokakarya.core.formatting import fmt_datetime
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.ical.invites import SessionCalendar, session_cancellations, session_invitations
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.registration import links
from lokakarya.registration.models import Registration
from lokakarya.registration.zones import participant_timezone


def confirmed_registrations(event: Event) -> list[Registration]:
    return list(db.session.execute(
        db.select(Registration)
        .where(Registration.event_id == event.id, Registration.status == "confirmed",
               Registration.email.is_not(None))
        .options(joinedload(Registration.agency).joinedload(Agency.province))
        .order_by(Registration.id)
    ).scalars())


def _draft(registration: Registration, item: SessionCalendar) -> Draft:
    event, session = registration.event, item.session
    when = fmt_datetime(session.starts_at, participant_timezone(registration), registration.locale or "id")
    if item.part.method == "REQUEST":
        subject = _("Perubahan jadwal: %(session)s (%(title)s)", session=session.title, title=event.title)
        intro = _("Jadwal sesi ini berubah. Kalender Anda akan diperbarui:")
    else:
        subject = _("Sesi dibatalkan: %(session)s (%(title)s)", session=session.title, title=event.title)
        intro = _("Sesi berikut dibatalkan:")
    text = "\n\n".join([
        _("Yth. %(name)s,", name=registration.name or ""), intro, f"- {session.title}: {when}",
        _("Halaman Anda: %(url)s", url=links.personal_url(registration)),
    ])
    return Draft(to=registration.email, subject=subject, text=text, calendar=item.part,
                 attachments=(item.attachment,))


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
            items = [*session_invitations(registration, changed),
                     *session_cancellations(registration, cancelled)]
            for item in items:  # one session (one UID) per message, as iTIP requires
                # Inserted together at the caller's commit, not flushed one by one.
                queue(_draft(registration, item), kind=f"schedule_{item.part.method.lower()}", flush=False)
            count += len(items)
    return count
