"""The time zone a registrant lives in (their agency's province), for times shown to them."""
from lokakarya.registration.models import Registration


def participant_timezone(registration: Registration) -> str:
    agency = registration.agency
    if agency is not None and agency.province is not None:
        return agency.province.timezone
    return registration.event.timezone
