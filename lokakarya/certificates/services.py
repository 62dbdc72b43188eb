"""Issuing and revoking certificates (flush, never commit) and what goes on them."""
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from lokakarya.attendance.models import Standing
from lokakarya.audit.services import record
from lokakarya.certificates.document import CertificateContent, render
from lokakarya.certificates.models import Certificate
from lokakarya.core.downloads import PDF
from lokakarya.core.formatting import fmt_date
from lokakarya.evaluation.gate import registrations_missing_evaluation
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.mail.compose import Attachment, Draft
from lokakarya.mail.deferred import renderer
from lokakarya.mail.outbox import queue_deferred
from lokakarya.registration.links import personal_url
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc


def verify_url(certificate: Certificate) -> str:
    return f"{current_app.config['BASE_URL']}/certificates/{certificate.code}"


def certificate_of(registration: Registration) -> Certificate | None:
    return db.session.execute(
        db.select(Certificate).where(Certificate.registration_id == registration.id)).scalar_one_or_none()


def certificates_for(registration_ids: list[int]) -> dict[int, Certificate]:
    """The certificates of these registrations (a page of the list, a batch being issued)."""
    rows = db.session.execute(
        db.select(Certificate).where(Certificate.registration_id.in_(registration_ids))).scalars()
    return {c.registration_id: c for c in rows}


def valid_count(event: Event) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Certificate).where(
        Certificate.event_id == event.id, Certificate.status == "valid")).scalar_one()


def _eligible(event: Event):
    """Confirmed registrations whose attendance status is hadir (presence.py keeps it)."""
    return (db.select(Registration.id)
            .join(Standing, Standing.registration_id == Registration.id)
            .where(Registration.event_id == event.id, Registration.status == "confirmed",
                   Standing.status == "hadir"))


def eligible_count(event: Event) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(_eligible(event).subquery())).scalar_one()


def _lock_event(event: Event) -> None:
    # Serial numbers are taken under the event's row lock (PostgreSQL; SQLite serialises writes).
    db.session.execute(db.select(Event.id).where(Event.id == event.id).with_for_update())


def _next_serial(event: Event) -> int:
    current = db.session.execute(
        db.select(db.func.max(Certificate.serial)).where(Certificate.event_id == event.id)).scalar()
    return (current or 0) + 1


def issue(event: Event, registrations: list[Registration], user=None) -> list[Certificate]:
    """A certificate for each registration that has none (a revoked one is made valid again),
    with an e-mail telling the participant it is ready."""
    _lock_event(event)
    existing = certificates_for([r.id for r in registrations])
    serial = _next_serial(event)
    issued = []
    for registration in registrations:
        certificate = existing.get(registration.id)
        if certificate is not None and certificate.valid:
            continue
        if certificate is None:
            certificate = Certificate(event_id=event.id, registration_id=registration.id, serial=serial,
                                      issued_by_id=user.id if user else None)
            serial += 1
            db.session.add(certificate)
        else:
            certificate.status, certificate.revoked_at, certificate.revoke_reason = "valid", None, ""
        certificate.registration = registration
        issued.append(certificate)
    db.session.flush()
    for certificate in issued:
        record("certificate.issue", certificate, after={"registration_id": certificate.registration_id,
                                                        "serial": certificate.serial}, actor=user)
        _notify(certificate, event)
    return issued


ISSUE_BATCH = 500  # registrations loaded at a time when issuing to 20,000


def issue_to_eligible(event: Event, user=None) -> tuple[list[int], set[int]]:
    """Certificates for everyone who met the threshold and holds no valid one, except those
    whose evaluation answer is still missing: the registrations issued to, and those held back
    (to be shown to the organiser). People are loaded a batch at a time."""
    holds = db.exists().where(Certificate.registration_id == Registration.id, Certificate.status == "valid")
    eligible = db.session.execute(_eligible(event).add_columns(holds).order_by(Registration.id)).all()
    held = registrations_missing_evaluation(event, {rid for rid, _holds in eligible})
    todo = [rid for rid, holds_one in eligible if not holds_one and rid not in held]
    issued = []
    for start in range(0, len(todo), ISSUE_BATCH):
        batch = db.session.execute(db.select(Registration).where(
            Registration.id.in_(todo[start:start + ISSUE_BATCH])).order_by(Registration.id)).scalars().all()
        issued += [c.registration_id for c in issue(event, batch, user)]
    return issued, held


def revoke(certificate: Certificate, reason: str, user=None) -> None:
    certificate.status, certificate.revoked_at = "revoked", now_utc()
    certificate.revoke_reason = reason.strip()  # at most REVOKE_REASON_MAX: the view checks
    record("certificate.revoke", certificate, after={"reason": certificate.revoke_reason}, actor=user)
    db.session.flush()


def _notify(certificate: Certificate, event: Event) -> None:
    """Queue the e-mail that the certificate is ready, as a reference: the PDF it carries is drawn
    at delivery (issuing to everyone eligible queues hundreds; drawing them is the worker's job)."""
    registration = certificate.registration
    if not registration.email:
        return
    with force_locale(registration.locale or "id"):
        subject = _ready_subject(event)
    queue_deferred(registration.email, subject, "certificate",
                   {"deferred": "certificate", "certificate_id": certificate.id})


def _ready_subject(event: Event) -> str:
    return _("Sertifikat Anda siap: %(title)s", title=event.title)


@renderer("certificate")
def write_ready_message(reference: dict) -> Draft | None:
    """The message with the certificate's PDF attached; None once it is revoked or its
    registrant's data is erased."""
    certificate = db.session.get(Certificate, reference["certificate_id"])
    if certificate is None or not certificate.valid or not certificate.registration.email:
        return None
    registration, event = certificate.registration, certificate.event
    lang = registration.locale or "id"
    page_url = personal_url(registration)
    with force_locale(lang):
        subject = _ready_subject(event)
        text = render_template("certificates/mail/ready.txt", registration=registration, event=event,
                               page_url=page_url, pdf_url=page_url + "/certificate.pdf")
    pdf = Attachment(pdf_filename(certificate), PDF, pdf_for(certificate, registration, event, lang))
    return Draft(to=registration.email, subject=subject, text=text, attachments=(pdf,))


def pdf_filename(certificate: Certificate) -> str:
    return f"sertifikat-{certificate.code}.pdf"


def scheduled_minutes(event: Event) -> int:
    return sum(int((s.ends_at - s.starts_at).total_seconds() // 60) for s in event.sessions if not s.cancelled)


def content(certificate: Certificate, registration: Registration, event: Event, lang: str) -> CertificateContent:
    with force_locale(lang):
        # First and last day in calendar order (sorting the formatted names would put Jumat before Kamis).
        starts = sorted(s.starts_at for s in event.sessions if not s.cancelled)
        days = list(dict.fromkeys(fmt_date(at, event.timezone, lang) for at in starts[:1] + starts[-1:]))
        minutes = scheduled_minutes(event)
        hours = _("%(hours)d jam %(minutes)d menit", hours=minutes // 60, minutes=minutes % 60)
        agency = registration.agency.name if registration.agency else ""
        return CertificateContent(
            heading=_("SERTIFIKAT"), number_label=_("Nomor: %(number)s", number=certificate.number),
            given_to=_("diberikan kepada"), name=registration.name or "", agency=agency,
            as_participant=_("atas partisipasinya sebagai peserta"), event_title=event.title,
            when=f"{' – '.join(days)} · {hours}",
            organiser=event.organiser_unit, verify_label=_("Periksa keaslian:"),
            verify_url=verify_url(certificate))


def pdf_for(certificate: Certificate, registration: Registration, event: Event, lang: str) -> bytes:
    return render(content(certificate, registration, event, lang))
