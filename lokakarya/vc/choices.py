"""The organiser's choice "create the meeting at <provider>", from a form or the API: checked
here (the provider must be configured), applied by events/services (vc/queue.requested)."""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _

from lokakarya.core.text import has_forbidden_characters
from lokakarya.vc import providers


def offered(config: Mapping) -> list[tuple[str, str]]:
    """(name, label) of the providers this server can create meetings at."""
    return [(name, module.LABEL) for name, module in providers.available(config).items()]


def created_meeting_input(config: Mapping, raw: Mapping) -> tuple[dict | None, dict[str, str]]:
    """({"provider", "create": True, "host_email"}, problems) for a request to create."""
    names = [name for name, _label in offered(config)]
    provider = raw.get("provider")
    if not names:
        return None, {"provider": _("Server ini belum dihubungkan dengan layanan rapat video mana pun; "
                                    "tempelkan tautan rapat.")}
    if provider not in names:
        return None, {"provider": _("Pilih salah satu dari: %(values)s.", values=", ".join(names))}
    host = raw.get("host_email") or ""
    if not isinstance(host, str) or len(host) > 254 or has_forbidden_characters(host) or (
            host and ("@" not in host or any(c.isspace() for c in host))):
        return None, {"host_email": _("Alamat e-mail tidak valid.")}
    return {"provider": provider, "create": True, "host_email": host.strip().lower()}, {}
