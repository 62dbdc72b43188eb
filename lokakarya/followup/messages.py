"""Refusal codes of the services → messages in the user's language (pages and API alike)."""
from flask_babel import lazy_gettext as _l

from lokakarya.core.forms import FORBIDDEN_CHARACTERS, FORBIDDEN_IN_FILE_NAME, TOO_LONG
from lokakarya.core.text import LONG_TEXT_MAX
from lokakarya.followup.validate import TEXT_LIMITS

MESSAGES = {
    "required": _l("Wajib diisi."),
    "bad_date": _l("Tanggal tidak valid (format TTTT-BB-HH)."),
    "bad_datetime": _l("Waktu tidak valid (format TTTT-BB-HH JJ:MM)."),
    "bad_category": _l("Kategori tidak dikenal."),
    "due_before_event": _l("Target tidak boleh sebelum tanggal acara."),
    "due_too_late": _l("Target paling lambat 31 Desember 2100."),
    "bad_agency": _l("Instansi tidak dikenal atau bukan dari provinsi ini."),
    "bad_issue": _l("Permasalahan tidak dikenal, dari acara lain, atau dari provinsi lain."),
    "bad_issue_list": _l("Kirim daftar nomor permasalahan."),
    "bad_province": _l("Provinsi tidak dikenal atau tidak diundang ke acara ini."),
    "unknown_province": _l("Provinsi tidak dikenal."),
    "bad_progress": _l("Persentase harus bilangan 0 sampai 100."),
    "bad_url": _l("Tautan bukti harus diawali http:// atau https://."),
    "bad_email": _l("Alamat e-mail tidak valid."),
    "bad_kind": _l("Jenis harus komitmen atau rekomendasi."),
    "unknown_status": _l("Status tidak dikenal."),
    # Each refusal names the rule it applies (status, field, dropped or verified item).
    "organiser_only": _l("Hanya penyelenggara yang dapat menetapkan status ini."),
    "organiser_only_field": _l("Hanya penyelenggara yang dapat mengubah isian ini; focal point "
                               "melaporkan status dan kemajuan."),
    "dropped_locked": _l("Butir ini tidak dilanjutkan; hanya penyelenggara yang dapat mengubahnya."),
    "verified_locked": _l("Butir ini sudah diverifikasi selesai; hanya penyelenggara yang dapat mengubahnya."),
    "not_pending": _l("Tidak ada status selesai yang menunggu verifikasi."),
    "file_type": _l("Bukti harus berupa berkas PDF, PNG atau JPEG."),
    "file_size": _l("Berkas bukti melebihi 5 MB."),
    "empty_update": _l("Isi catatan, persentase, status atau bukti."),
    "round_exists": _l("Putaran tindak lanjut untuk acara ini sudah dibuka."),
    "no_round": _l("Putaran tindak lanjut belum dibuka."),
    "locked": _l("Kiriman ini sudah dikirim dan tidak dapat diubah kecuali dikembalikan."),
    "empty_submission": _l("Tambahkan setidaknya satu permasalahan atau komitmen sebelum mengirim."),
    "not_submitted": _l("Hanya kiriman yang sudah dikirim dan belum diterima yang dapat dikembalikan atau diterima."),
    "already_submitted": _l("Kiriman ini sudah dikirim."),
    "forbidden_characters": FORBIDDEN_CHARACTERS,
    "file_name": FORBIDDEN_IN_FILE_NAME,
}
# The fields' names as the pages show them, to say which field a flashed message is about.
FIELD_LABELS = {"title": _l("Yang akan dilakukan"), "description": _l("Uraian"),
                "expected_output": _l("Keluaran yang diharapkan"), "note": _l("Catatan"),
                "reason": _l("Alasan"), "comment": _l("Catatan untuk provinsi"),
                "evidence_url": _l("Tautan bukti"), "evidence_file": _l("Berkas bukti")}


def message(code: str, field: str | None = None) -> str:
    if code == "too_long":
        return TOO_LONG % {"max": TEXT_LIMITS.get(field or "", LONG_TEXT_MAX)}
    return str(MESSAGES.get(code, code))


def messages(problems: dict[str, str]) -> dict[str, str]:
    return {field: message(code, field) for field, code in problems.items()}


def labelled(problems: dict[str, str]) -> dict[str, str]:
    """Messages for a page that shows them above the form: each names its field when known."""
    return {field: f"{FIELD_LABELS[field]}: {text}" if field in FIELD_LABELS else text
            for field, text in messages(problems).items()}
