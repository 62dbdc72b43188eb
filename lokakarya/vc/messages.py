"""What organisers read about created meetings, in their language (never internal codes)."""
from dataclasses import dataclass

from flask_babel import gettext as _

from lokakarya.events.meetings import PROVIDER_LABELS
from lokakarya.vc.failures import Failure, load


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


def steps() -> dict[str, str]:
    """What the worker was doing when a call failed (ProviderError's `step`)."""
    return {"token": _("Meminta token akses"), "create": _("Membuat rapat"),
            "find": _("Mencari rapat yang sudah dibuat"), "update": _("Memperbarui rapat"),
            "cancel": _("Membatalkan rapat"), "register": _("Mendaftarkan peserta"),
            "unregister": _("Membatalkan pendaftaran peserta"), "report": _("Mengambil laporan kehadiran"),
            "check": _("Memeriksa server"), "open_room": _("Membuka ruang rapat"),
            "watch": _("Membaca peserta rapat"), "end": _("Mengakhiri rapat")}


def _sentence(code: str, v: dict) -> str:
    if code == "timeout":
        return _("%(provider)s (%(server)s) tidak menjawab dalam %(seconds)s detik.", **v)
    if code == "unreachable":
        reason = {"refused": _("Koneksi ditolak."), "dns": _("Nama servernya tidak dikenal."),
                  "tls": _("Sertifikat TLS-nya tidak dapat diperiksa.")}.get(v["reason"], "")
        return " ".join(filter(None, (_("%(provider)s (%(server)s) tidak dapat dihubungi.", **v), reason)))
    if code == "not_configured":
        return _("%(provider)s belum dihubungkan dengan server ini (pengaturannya tidak ada).", **v)
    if code == "no_session":
        return _("Tidak ada sesi terjadwal yang diadakan di rapat ini.")
    if code == "incomplete_answer":
        return {"token": _("Jawaban %(provider)s tidak berisi token akses.", **v),
                "registrant": _("Jawaban %(provider)s tidak berisi ID pendaftar atau tautan bergabung pribadinya.",
                                **v)}.get(v["missing"]) or \
            _("Jawaban %(provider)s tidak berisi ID rapat atau tautan bergabung.", **v)
    if code == "unreadable_answer":
        return _("%(provider)s (%(server)s) menjawab sesuatu yang bukan API-nya; periksa alamat server di "
                 "pengaturan.", **v)
    if code == "answer_too_large":
        return _("Jawaban %(provider)s (%(server)s) lebih besar dari 5 MB.", **v)
    if code == "http_error":
        return _("%(provider)s (%(server)s) menjawab dengan galat HTTP %(status)s.", **v)
    if code == "rate_limited":
        return _("%(provider)s meminta menunggu (terlalu banyak permintaan); dicoba lagi setelah %(seconds)s "
                 "detik.", **v)
    if code == "refused":
        return _("%(provider)s (%(server)s) menolak permintaan.", **v)
    if code == "bad_secret":
        return _("%(provider)s (%(server)s) menolak tanda tangan permintaan: rahasia bersama di pengaturan "
                 "(BBB_SECRET) tidak cocok dengan server.", **v)
    if code == "report_not_ready":
        return _("Laporan kehadiran belum tersedia di %(provider)s; dicoba lagi otomatis.", **v)
    if code == "meeting_not_ended":
        return _("Rapat di %(provider)s belum selesai; kehadiran diambil setelah rapat berakhir.", **v)
    return _("Terjadi galat tak terduga saat menghubungi %(provider)s; rinciannya ada di log server.", **v)


def failure_text(failure: Failure) -> str:
    """Our words for a failure, in the reader's language (the provider's own words apart)."""
    if failure.code == "other":
        return failure.text
    p = failure.params
    seconds = p.get("seconds")
    v = {"provider": PROVIDER_LABELS.get(p.get("provider", ""), p.get("provider") or _("layanan rapat")),
         "server": p.get("server") or "?", "status": p.get("status") or "?",
         "seconds": f"{seconds:g}" if isinstance(seconds, int | float) else "?",
         "reason": p.get("reason") or "", "missing": p.get("missing") or ""}
    sentence = _sentence(failure.code, v)
    step = steps().get(p.get("step") or "")
    return _("%(step)s: %(message)s", step=step, message=sentence) if step else sentence


@dataclass(frozen=True)
class Shown:
    """A failure as a page or the API shows it."""
    code: str
    message: str            # ours, in the reader's language
    provider_message: str   # the provider's own words, verbatim ("" when none)
    provider: str           # the provider's name, for the label of its words


def shown(stored: str | None) -> Shown | None:
    failure = load(stored)
    if failure is None:
        return None
    name = failure.params.get("provider", "")
    return Shown(failure.code, failure_text(failure), failure.provider_message, PROVIDER_LABELS.get(name, name))


def error_fields(stored: str | None) -> dict:
    """What the API says of a failure: a stable `error_code` (failures.CODES, null when none),
    `error` in the request's language and `provider_message`, the provider's own words."""
    failed = shown(stored)
    if failed is None:
        return {"error": "", "error_code": None, "provider_message": ""}
    return {"error": failed.message, "error_code": failed.code, "provider_message": failed.provider_message}
