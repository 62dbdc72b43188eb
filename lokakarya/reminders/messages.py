"""What a refused reminder rule or send-now says, per field (pages and API alike)."""
from flask_babel import gettext as _


def problem_messages() -> dict[str, str]:
    return {
        "days_before": _("Isi jumlah hari antara 1 dan 14."),
        "local_time": _("Isi jam dengan format JJ:MM, misalnya 09:00."),
        "minutes_before": _("Isi jumlah menit antara 1 dan 1440."),
        "kind": _("Pilih jenis pengingat."),
        "id": _("Aturan pengingat tidak dikenal."),
        "session_id": _("Pilih sesi yang belum dibatalkan."),
    }
