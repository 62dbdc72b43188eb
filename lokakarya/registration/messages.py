"""Problems worded for people, in the current language (forms, uploads and the API)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lokakarya.core.forms import FORBIDDEN_CHARACTERS
from lokakarya.registration.labels import status_labels
from lokakarya.registration.problems import Problem

FIELD_LABELS = {"name": _l("Nama lengkap"), "nip": "NIP", "position": _l("Jabatan"), "email": "E-mail",
                "phone": _l("Nomor ponsel")}


def problem_text(problem: Problem) -> str:
    p = problem.params
    texts = {
        "required": lambda: _("Wajib diisi."),
        "too_long": lambda: _("Terlalu panjang (paling banyak %(max)s karakter).", max=p["max"]),
        "forbidden_characters": lambda: str(FORBIDDEN_CHARACTERS),
        "nip_chars": lambda: _("NIP hanya boleh berisi angka 0–9, spasi dan titik."),
        "nip_length": lambda: _("NIP harus 18 angka; yang Anda masukkan %(count)s angka.", count=p["count"]),
        "nip_birth_date": lambda: _("Angka 1–8 NIP (%(digits)s) harus tanggal lahir yang benar (TTTTBBHH).",
                                    digits=p["digits"]),
        "nip_appointment_year": lambda: _("Angka 9–12 NIP (%(digits)s) harus tahun pengangkatan yang benar.",
                                          digits=p["digits"]),
        "nip_appointment_before_birth": lambda: _(
            "Tahun dan bulan pengangkatan pada NIP (%(appointed)s) harus sesudah tanggal lahir (%(born)s).",
            appointed=p["appointed"], born=p["born"]),
        "nip_pppk_not_allowed": lambda: _(
            "Angka 13–14 NIP (%(digits)s) bukan bulan: ini nomor PPPK, dan acara ini tidak menerima "
            "pegawai PPPK.", digits=p["digits"]),
        "nip_gender": lambda: _("Angka ke-15 NIP harus 1 (pria) atau 2 (wanita), bukan %(digit)s.",
                                digit=p["digit"]),
        "nip_serial": lambda: _("Angka 16–18 NIP (nomor urut) tidak boleh 000."),
        "email_invalid": lambda: _("Alamat e-mail tidak valid (contoh: nama@instansi.go.id)."),
        "phone_invalid": lambda: _("Nomor ponsel tidak valid; tulis seperti 0812 3456 7890 atau +62 812 3456 7890."),
        "duplicate": lambda: _("Sudah ada pendaftaran dengan NIP atau e-mail ini di acara ini. "
                               "Kami dapat mengirim ulang tautan pribadinya ke e-mail terdaftar."),
        "duplicate_in_batch": lambda: _("%(field)s ini muncul lebih dari sekali dalam daftar.",
                                        field=FIELD_LABELS.get(p.get("field"), "")),
        "event_not_open": lambda: _("Acara ini tidak menerima pendaftaran."),
        "not_yet_open": lambda: _("Pendaftaran belum dibuka."),
        "closed": lambda: _("Pendaftaran sudah ditutup."),
        "agency_required": lambda: _("Pilih instansi Anda."),
        "agency_unknown": lambda: _("Instansi tidak dikenal."),
        "province_not_invited": lambda: _(
            "Provinsi instansi Anda tidak diundang ke acara ini. Hubungi penyelenggara bila menurut "
            "Anda ini keliru."),
        "central_not_allowed": lambda: _(
            "Acara ini hanya untuk instansi dari provinsi yang diundang. Hubungi penyelenggara bila "
            "menurut Anda ini keliru."),
        "consent_required": lambda: _("Centang persetujuan agar kami boleh menyimpan data Anda."),
        "status_not_allowed": lambda: _("Tidak dapat diubah dari status %(status)s.",
                                        status=status_labels().get(p["status"], p["status"])),
        "status_unknown": lambda: _("Status tidak dikenal."),
        "file_unreadable": lambda: _("Berkas tidak dapat dibaca; unggah CSV atau XLSX dari templat."),
        "file_empty": lambda: _("Berkas tidak berisi satu baris peserta pun."),
        "file_columns": lambda: _("Kolom wajib tidak ada: %(columns)s.", columns=p["columns"]),
        "too_many_rows": lambda: _("Berkas berisi lebih dari %(max)s baris; paling banyak %(max)s baris "
                                   "sekali unggah.", max=p["max"]),
        "file_too_large": lambda: _("Isi berkas terlalu besar untuk dibaca; unggah daftar dari templat."),
        "file_field_too_long": lambda: _(
            "Baris %(line)s: satu isian lebih dari %(max)s karakter (mungkin tanda petik yang tidak "
            "ditutup); periksa berkas lalu unggah lagi.", line=p["line"], max=p["max"]),
        "not_your_agency": lambda: _("Anda hanya dapat mendaftarkan pegawai instansi Anda."),
    }
    return texts[problem.code]()


def problems_text(problems: dict[str, Problem]) -> dict[str, str]:
    return {key: problem_text(problem) for key, problem in problems.items()}
