"""Forgetting a participant: a certificate keeps only its number and validity (the PDF is drawn
from the registration, which is anonymised elsewhere); a revocation reason may name the person."""
from sqlalchemy import update

from lokakarya.certificates.models import Certificate
from lokakarya.certificates.services import certificate_of
from lokakarya.extensions import db
from lokakarya.registration.models import Registration


def forget(registration: Registration) -> None:
    db.session.execute(update(Certificate).where(Certificate.registration_id == registration.id)
                       .values(revoke_reason=""))
    db.session.flush()


def export(registration: Registration) -> dict:
    certificate = certificate_of(registration)
    if certificate is None:
        return {"certificate": None}
    return {"certificate": {"number": certificate.number, "status": certificate.status,
                            "issued_at": certificate.issued_at.isoformat()}}
