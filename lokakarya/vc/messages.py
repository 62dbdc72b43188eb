"""What organisers read about created meetings, in their language (never internal codes)."""
from flask_babel import gettext as _


def state_labels() -> dict[str, str]:
    return {"": _("Tautan ditempel"), "pending": _("Sedang dibuat"), "created": _("Dibuat"),
            "updating": _("Sedang diperbarui"), "failed": _("Gagal"), "cancelled": _("Dibatalkan")}


def pull_labels() -> dict[str, str]:
    return {"": _("Tidak diambil"), "waiting": _("Menunggu laporan"), "done": _("Sudah diambil"),
            "failed": _("Gagal diambil")}


def registrant_labels() -> dict[str, str]:
    return {"pending": _("Menunggu"), "registered": _("Terdaftar"), "cancelling": _("Sedang dibatalkan"),
            "cancelled": _("Dibatalkan"), "failed": _("Gagal")}


def provider_notes() -> dict[str, str]:
    """What each provider gives, shown beside the choice."""
    return {
        "zoom": _("Rapat dengan pendaftaran: tiap peserta terkonfirmasi didaftarkan dan mendapat tautan "
                  "Zoom pribadinya; kehadiran diambil dari laporan peserta Zoom setelah sesi selesai."),
        "bbb": _("Rapat di server BigBlueButton sendiri: tautan bergabung pribadi dibuat saat peserta "
                 "mengeklik; kehadiran dicatat selama rapat berlangsung."),
        "jitsi": _("Ruang Jitsi per sesi dengan token pribadi; Jitsi tidak memberi laporan kehadiran "
                   "(tautan bergabung dan check-in tetap dicatat)."),
    }
