"""Every feature's models, so Alembic, the shell and the tests see one metadata."""
from lokakarya.agencies.models import Agency
from lokakarya.attendance import models as _attendance  # noqa: F401
from lokakarya.audit.models import AuditEntry
from lokakarya.auth.models import ApiToken, Passkey, RecoveryCode, User
from lokakarya.certificates import models as _certificates  # noqa: F401
from lokakarya.evaluation import models as _evaluation  # noqa: F401
from lokakarya.events.models import Event, EventSession, InvitedProvince, Meeting
from lokakarya.followup import models as _followup  # noqa: F401
from lokakarya.mail.models import OutboxMessage
from lokakarya.materials import models as _materials  # noqa: F401
from lokakarya.regions.models import Province, Regency
from lokakarya.registration.models import Registration
from lokakarya.reminders import models as _reminders  # noqa: F401
from lokakarya.vc import models as _vc  # noqa: F401
from lokakarya.worker import models as _worker  # noqa: F401

__all__ = [
    "Agency", "ApiToken", "Passkey", "RecoveryCode", "AuditEntry", "Event", "EventSession", "InvitedProvince", "Meeting",
    "OutboxMessage", "Province", "Regency", "Registration", "User",
]
