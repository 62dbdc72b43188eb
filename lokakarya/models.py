"""Every feature's models, so Alembic, the shell and the tests see one metadata."""
from lokakarya.agencies.models import Agency
from lokakarya.audit.models import AuditEntry
from lokakarya.auth.models import ApiToken, User
from lokakarya.events.models import Event, EventSession, InvitedProvince, Meeting
from lokakarya.mail.models import OutboxMessage
from lokakarya.regions.models import Province, Regency
from lokakarya.registration.models import Registration

__all__ = [
    "Agency", "ApiToken", "AuditEntry", "Event", "EventSession", "InvitedProvince", "Meeting",
    "OutboxMessage", "Province", "Regency", "Registration", "User",
]
