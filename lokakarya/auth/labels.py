from flask_babel import gettext as _


def role_labels() -> dict[str, str]:
    """Roles as people read them, in the current language."""
    return {
        "admin": _("Admin"), "organiser": _("Penyelenggara"),
        "agency_focal_point": _("Focal point instansi"),
        "province_focal_point": _("Focal point provinsi"),
    }
