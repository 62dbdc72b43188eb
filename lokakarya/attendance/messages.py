"""Sentences for report errors and statuses, in the user's language."""
from flask_babel import gettext as _

from lokakarya.attendance.report import ReportError


def report_error_message(error: ReportError) -> str:
    reasons = {
        "empty": _("Berkas kosong."),
        "binary": _("Berkas ini bukan teks CSV (mungkin berkas Excel atau gambar). Simpan laporan "
                    "sebagai CSV lalu unggah lagi."),
        "encoding": _("Berkas terpotong atau pengodean teksnya rusak."),
        "unknown_format": _("Format laporan tidak dikenali: tidak ada kolom nama, waktu bergabung dan "
                            "waktu keluar (Zoom, Teams atau Google Meet)."),
        "no_rows": _("Laporan tidak berisi peserta."),
        "bad_time": _("Waktu tidak dapat dibaca: %(value)s.", value=error.detail),
        "leave_before_join": _("Waktu keluar lebih awal daripada waktu bergabung."),
        "ambiguous_date_order": _("Urutan tanggal tidak dapat ditentukan dari berkas. Pilih apakah "
                                  "tanggal ditulis hari dulu (31/12) atau bulan dulu (12/31)."),
        "mixed_date_order": _("Berkas memuat tanggal hari-dulu dan bulan-dulu sekaligus."),
        "too_large": _("Berkas terlalu besar (maksimum 15 MB)."),
        "too_many_rows": _("Laporan berisi lebih dari %(max)s baris; pisahkan per sesi lalu unggah lagi.",
                           max=error.detail),
        "control_characters": _("Nama atau e-mail berisi karakter tak terlihat (karakter kendali) yang tidak "
                                "dapat disimpan."),
        "malformed": _("Baris ini tidak dapat dibaca sebagai CSV (mungkin tanda petik yang tidak ditutup "
                       "atau isian yang terlalu panjang)."),
    }
    reason = reasons[error.code]
    if error.line:
        return _("Baris %(line)d: %(reason)s", line=error.line, reason=reason)
    return reason


def status_labels() -> dict[str, str]:
    return {"hadir": _("Hadir"), "sebagian": _("Hadir sebagian"), "tidak_hadir": _("Tidak hadir")}


def manual_labels() -> dict[str, str]:
    return {"present": _("Hadir"), "absent": _("Tidak hadir"), "excused": _("Izin")}


def format_labels() -> dict[str, str]:
    """Report formats (attendance/report/parse.py) by the platform's own names."""
    return {"zoom_meeting": _("Zoom (rapat)"), "zoom_webinar": _("Zoom (webinar)"),
            "teams": "Microsoft Teams", "meet": "Google Meet"}


def source_labels() -> dict[str, str]:
    return {"link": _("Tautan"), "checkin": _("Check-in"), "manual": _("Manual"),
            "zoom": "Zoom", "teams": "Teams", "meet": "Google Meet", "bbb": "BigBlueButton",
            "live": _("Zoom (langsung)")}


def pull_labels() -> dict[str, str]:
    """The attendance pull of a created meeting (vc worker), as the recap names it."""
    return {"waiting": _("menunggu laporan dari layanan"), "done": _("diambil otomatis"),
            "failed": _("gagal diambil")}
