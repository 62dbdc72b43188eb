"""An item's history from the audit log: who, when, what changed, told as sentences in the
reader's language ("Status diubah dari Terbuka menjadi Sedang berjalan"), never audit keys."""
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lokakarya.agencies.models import Agency
from lokakarya.audit.models import AuditEntry
from lokakarya.core.formatting import fmt_date
from lokakarya.extensions import db
from lokakarya.followup import labels
from lokakarya.i18n import current_language
from lokakarya.regions.models import Province

HIDDEN = {"update_id", "tracked"}

ACTIONS = {
    "followup.commitment_create": _l("Komitmen dibuat"),
    "followup.commitment_update": _l("Komitmen diubah"),
    "followup.recommendation_create": _l("Rekomendasi dibuat"),
    "followup.recommendation_update": _l("Rekomendasi diubah"),
    "followup.progress": _l("Kemajuan dilaporkan"),
    "followup.verify": _l("Selesai diverifikasi"),
    "followup.verify_return": _l("Dikembalikan setelah verifikasi"),
    "followup.patch": _l("Butir diubah"),
    "followup.item_delete": _l("Butir dihapus"),
}
FIELDS = {
    "kind": _l("Jenis"), "province_code": _l("Provinsi"), "agency_id": _l("Instansi pemilik"),
    "category": _l("Kategori"), "title": _l("Yang akan dilakukan"), "description": _l("Uraian"),
    "expected_output": _l("Keluaran yang diharapkan"), "due_date": _l("Target"), "status": _l("Status"),
    "progress": _l("Kemajuan"), "verification": _l("Verifikasi"), "verification_note": _l("Catatan verifikasi"),
    "issue_ids": _l("Permasalahan terkait"), "note": _l("Catatan"), "evidence_url": _l("Tautan bukti"),
    "evidence_file": _l("Berkas bukti"),
}
VALUE_LABELS = {"status": labels.STATUS_LABELS, "verification": labels.VERIFICATION_LABELS,
                "category": labels.CATEGORY_LABELS, "kind": labels.KIND_LABELS}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    action: str
    changes: list[tuple[str, object, object]]


def changes(before: dict | None, after: dict | None) -> list[tuple[str, object, object]]:
    """(field, old, new) for every field that differs; new fields with values count too."""
    before, after = before or {}, after or {}
    out = []
    for field in list(after) + [f for f in before if f not in after]:
        if field in HIDDEN:
            continue
        old, new = before.get(field), after.get(field)
        if old != new and not (old is None and new in ("", None, [])):
            out.append((field, old, new))
    return out


@dataclass(frozen=True)
class Names:
    """What stored ids and codes read as (agencies, provinces), looked up once per page."""

    agencies: dict[int, str]
    provinces: dict[str, str]


def value_text(field: str, value, names: Names, lang: str) -> str:
    if value in (None, "", []):
        return "–"
    if field in VALUE_LABELS:
        return labels.label(VALUE_LABELS[field], str(value))
    if field == "agency_id":
        return names.agencies.get(value, "–") if isinstance(value, int) else str(value)
    if field == "province_code":
        return names.provinces.get(str(value), str(value))
    if field == "progress":
        return f"{value}%"
    if field == "due_date":
        try:
            return fmt_date(date.fromisoformat(str(value)), lang=lang)
        except ValueError:
            return str(value)
    if field == "issue_ids" and isinstance(value, list):
        return ", ".join(f"#{v}" for v in value)
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    return str(value)


def sentence(field: str, old, new, names: Names, lang: str) -> str:
    name = str(FIELDS.get(field, field))
    if old in (None, "", []):
        return _("%(field)s: %(new)s", field=name, new=value_text(field, new, names, lang))
    if new in (None, "", []):
        return _("%(field)s dikosongkan (sebelumnya %(old)s)", field=name,
                 old=value_text(field, old, names, lang))
    return _("%(field)s diubah dari %(old)s menjadi %(new)s", field=name,
             old=value_text(field, old, names, lang), new=value_text(field, new, names, lang))


@dataclass(frozen=True)
class TellableLine:
    at: datetime
    who: str
    title: str
    sentences: list[str]


def _names(lines: list[HistoryLine]) -> Names:
    agency_ids = {v for line in lines for f, *values in line.changes if f == "agency_id"
                  for v in values if isinstance(v, int)}
    codes = {str(v) for line in lines for f, *values in line.changes if f == "province_code"
             for v in values if v}
    agencies = dict(db.session.execute(sa.select(Agency.id, Agency.name).where(Agency.id.in_(agency_ids)))
                    .all()) if agency_ids else {}
    provinces = dict(db.session.execute(sa.select(Province.code, Province.name).where(Province.code.in_(codes)))
                     .all()) if codes else {}
    return Names(agencies, provinces)


def told(lines: list[HistoryLine]) -> list[TellableLine]:
    """The lines as sentences in the current language (two statements at most, for names)."""
    names, lang = _names(lines), current_language()
    return [TellableLine(line.at, line.who, str(ACTIONS.get(line.action, _("Perubahan"))),
                         [sentence(f, old, new, names, lang) for f, old, new in line.changes])
            for line in lines]


def history(object_type: str, object_id: int) -> list[HistoryLine]:
    entries = db.session.execute(
        sa.select(AuditEntry).where(AuditEntry.object_type == object_type,
                                    AuditEntry.object_id == str(object_id)).order_by(AuditEntry.id)
    ).scalars()
    return [HistoryLine(e.created_at, e.actor_label, e.action, changes(e.before, e.after)) for e in entries]
