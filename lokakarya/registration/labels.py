"""Registration statuses as people read them, in the user's language (pages, filters, exports)."""
from flask_babel import gettext as _


def status_labels() -> dict[str, str]:
    return {"pending": _("Menunggu persetujuan"), "confirmed": _("Terkonfirmasi"),
            "waitlisted": _("Daftar tunggu"), "cancelled": _("Dibatalkan"), "rejected": _("Ditolak")}
