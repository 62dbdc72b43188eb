"""Names shown for stored codes (categories, statuses, kinds), in the user's language."""
from flask_babel import lazy_gettext as _l

CATEGORY_LABELS = {
    "persyaratan": _l("Persyaratan"),
    "sistem_mekanisme_prosedur": _l("Sistem, mekanisme dan prosedur"),
    "jangka_waktu": _l("Jangka waktu pelayanan"),
    "biaya_tarif": _l("Biaya/tarif"),
    "produk_pelayanan": _l("Produk pelayanan"),
    "penanganan_pengaduan": _l("Penanganan pengaduan, saran dan masukan"),
    "dasar_hukum": _l("Dasar hukum"),
    "sarana_prasarana": _l("Sarana, prasarana dan/atau fasilitas"),
    "kompetensi_pelaksana": _l("Kompetensi pelaksana"),
    "pengawasan_internal": _l("Pengawasan internal"),
    "jumlah_pelaksana": _l("Jumlah pelaksana"),
    "jaminan_pelayanan": _l("Jaminan pelayanan"),
    "jaminan_keamanan": _l("Jaminan keamanan dan keselamatan pelayanan"),
    "evaluasi_kinerja": _l("Evaluasi kinerja pelaksana"),
    "lainnya": _l("Lainnya"),
}
STATUS_LABELS = {
    "open": _l("Terbuka"),
    "in_progress": _l("Sedang berjalan"),
    "done": _l("Selesai"),
    "blocked": _l("Terhambat"),
    "dropped": _l("Tidak dilanjutkan"),
}
KIND_LABELS = {"commitment": _l("Komitmen"), "recommendation": _l("Rekomendasi")}
SUBMISSION_LABELS = {
    "none": _l("Belum mulai"),
    "draft": _l("Draf"),
    "submitted": _l("Dikirim"),
    "returned": _l("Dikembalikan"),
    "accepted": _l("Diterima"),
}
VERIFICATION_LABELS = {
    "pending": _l("Menunggu verifikasi"),
    "verified": _l("Terverifikasi"),
    "returned": _l("Dikembalikan"),
}
AGENCY_KIND_LABELS = {
    "dukcapil": "Dukcapil", "dpmptsp": "DPMPTSP", "setda": _l("Setda/Biro Organisasi"),
    "ministry": _l("Kementerian/lembaga"), "other": _l("Lainnya"), "none": _l("Tanpa instansi"),
}


def label(mapping: dict, code: str | None) -> str:
    return str(mapping.get(code or "", code or "–"))


def template_context(now) -> dict:
    """For the templates of follow-up data: label dictionaries translated once per page (a lazy
    string costs a catalogue look-up each time it is shown, and dashboards show hundreds), and
    `overdue(item)` at one instant for every item a page shows."""
    from types import SimpleNamespace

    from lokakarya.followup.rules import item_overdue, item_zone

    names = ("CATEGORY_LABELS", "STATUS_LABELS", "KIND_LABELS", "SUBMISSION_LABELS", "VERIFICATION_LABELS",
             "AGENCY_KIND_LABELS")
    resolved = {name: {k: str(v) for k, v in globals()[name].items()} for name in names}
    return {"fl": SimpleNamespace(**resolved), "label": label,
            "overdue": lambda item: item_overdue(item, now), "item_zone": item_zone}
