"""Forgetting a participant: a certificate keeps only its number and validity (the PDF is drawn
from the registration, which is anonymised elsewhere); a revocation reason may name the person."""
from sqlalchemy import update

from lokakarya.certificates.models import Certificate
from lokakarya.extensions import db
from lokakarya.registration.models import Registration


def forget(registration: Registration) -> None:
    db.session.execute(update(Certificate).where(Certificate.registration_id == registration.id)
                       .values(revoke_reason=""))
    db.session.flush()
