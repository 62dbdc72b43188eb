"""The consent text shown with every registration form. Changing the wording means a new
version: registrations keep the version they agreed to (UU 27/2022)."""
from flask_babel import gettext as _

from lokakarya.events.models import Event

CONSENT_VERSION = "2026-11"


def consent_text(event: Event) -> str:
    organiser = event.organiser_unit or _("penyelenggara")
    return _(
        "Saya setuju data saya (nama, NIP, jabatan, e-mail, nomor ponsel, instansi) dipakai "
        "%(organiser)s untuk pendaftaran, kehadiran, sertifikat dan tindak lanjut acara ini. "
        "Data hanya dilihat penyelenggara dan focal point instansi saya, dan dihapus "
        "%(days)s hari setelah acara. Saya dapat mengunduh atau menghapus data saya kapan saja "
        "melalui tautan pribadi saya.",
        organiser=organiser, days=event.retention_days,
    )
