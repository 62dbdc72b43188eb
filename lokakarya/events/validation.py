"""Checks shared by the organiser forms and the API: field → message in the user's language."""
import re
from datetime import datetime

from flask_babel import gettext as _

from lokakarya.events.meetings import join_url_problem
from lokakarya.events.models import EVENT_STATUSES, Event
from lokakarya.extensions import db
from lokakarya.regions.models import Province
from lokakarya.timeutil import INDONESIAN_ZONES

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Which status may follow which: draft → published → closed, or cancelled from any open state.
NEXT_STATUSES = {
    "draft": {"draft", "published", "cancelled"},
    "published": {"published", "closed", "cancelled"},
    "closed": {"closed", "published", "cancelled"},
    "cancelled": {"cancelled"},
}
COUNT_FIELDS = ("capacity", "quota_per_agency", "quota_per_province")


def status_problem(old: str | None, new: str) -> str | None:
    if new not in EVENT_STATUSES:
        return _("Status tidak dikenal.")
    if old is not None and new not in NEXT_STATUSES[old]:
        return _("Status tidak dapat diubah dari %(old)s ke %(new)s.", old=old, new=new)
    return None


def event_problems(values: dict, event: Event | None = None) -> dict[str, str]:
    """Problems in (already typed) event values; keys absent from `values` are not checked."""
    problems: dict[str, str] = {}
    if "title" in values and not (values["title"] or "").strip():
        problems["title"] = _("Judul wajib diisi.")
    if "slug" in values:
        slug = values["slug"] or ""
        if not SLUG_RE.match(slug) or len(slug) > 80:
            problems["slug"] = _("Slug hanya boleh huruf kecil, angka dan tanda hubung.")
        elif db.session.execute(
            db.select(Event.id).where(Event.slug == slug, Event.id != (event.id if event else -1))
        ).first():
            problems["slug"] = _("Slug sudah dipakai acara lain.")
    if "timezone" in values and values["timezone"] not in INDONESIAN_ZONES:
        problems["timezone"] = _("Pilih zona waktu Indonesia.")
    if "status" in values:
        message = status_problem(event.status if event else None, values["status"])
        if message:
            problems["status"] = message
    email = values.get("contact_email") or ""
    if email and not EMAIL_RE.match(email):
        problems["contact_email"] = _("Alamat e-mail tidak valid.")
    for name in COUNT_FIELDS:
        if values.get(name) is not None and values[name] < 1:
            problems[name] = _("Isi angka 1 atau lebih, atau kosongkan.")
    if "retention_days" in values and (values["retention_days"] or 0) < 1:
        problems["retention_days"] = _("Isi angka 1 atau lebih.")
    threshold = values.get("attendance_threshold")
    if threshold is not None and not 0 <= threshold <= 100:
        problems["attendance_threshold"] = _("Isi persentase 0 sampai 100.")
    opens, closes = _window(values, event)
    if opens and closes and closes <= opens:
        problems["registration_closes_at"] = _("Penutupan pendaftaran harus setelah pembukaan.")
    quotas = values.get("province_quotas") or {}
    if any(q is not None and q < 1 for q in quotas.values()):
        problems["province_quotas"] = _("Kuota provinsi harus 1 atau lebih, atau kosong.")
    codes = set(values.get("province_codes") or ()) | set(quotas)
    if codes:
        known = set(db.session.execute(db.select(Province.code).where(Province.code.in_(codes))).scalars())
        if codes - known:
            problems["province_codes"] = _("Kode provinsi tidak dikenal: %(codes)s",
                                           codes=", ".join(sorted(codes - known)))
    return problems


def _window(values: dict, event: Event | None) -> tuple[datetime | None, datetime | None]:
    opens = values.get("registration_opens_at", event.registration_opens_at if event else None)
    closes = values.get("registration_closes_at", event.registration_closes_at if event else None)
    return opens, closes


def session_problems(title: str | None, starts_at: datetime | None,
                     ends_at: datetime | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not (title or "").strip():
        problems["title"] = _("Judul sesi wajib diisi.")
    if starts_at is None:
        problems["starts_at"] = _("Waktu mulai wajib diisi.")
    if ends_at is None:
        problems["ends_at"] = _("Waktu selesai wajib diisi.")
    if starts_at and ends_at and ends_at <= starts_at:
        problems["ends_at"] = _("Waktu selesai harus setelah waktu mulai.")
    return problems


def meeting_problems(join_url: str | None) -> dict[str, str]:
    problem = join_url_problem(join_url or "")
    if problem == "required":
        return {"join_url": _("Tautan rapat wajib diisi.")}
    if problem == "https":
        return {"join_url": _("Tautan rapat harus diawali https://.")}
    if problem == "invalid":
        return {"join_url": _("Tautan rapat tidak valid.")}
    return {}
