"""Events' stored codes as people read them, in the current language (one place per kind)."""
from flask_babel import lazy_gettext as _l

EVENT_STATUS_LABELS = {"draft": _l("Draf"), "published": _l("Terbit"), "closed": _l("Ditutup"),
                       "cancelled": _l("Dibatalkan")}
