"""Personal data held by reminders: which messages went to whom."""
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.reminders.models import ReminderDelivery


def forget(registration: Registration) -> None:
    db.session.execute(db.delete(ReminderDelivery).where(ReminderDelivery.registration_id == registration.id))
