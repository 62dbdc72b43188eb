"""Checks shared by the organiser forms and the API: field → message in the user's language."""
import re
from datetime import datetime

from flask_babel import format_decimal
from flask_babel import gettext as _

from lokakarya.core.formatting import fmt_datetime
from lokakarya.events.meetings import join_url_problem
from lokakarya.events.models import EVENT_STATUSES, Event
from lokakarya.extensions import db
from lokakarya.i18n import current_language
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
MAX_COUNT = 1_000_000  # far above any event; keeps numbers inside a database integer
# Column widths: longer text is refused with a message instead of failing in the database.
MAX_LENGTHS = {"title": 300, "organiser_unit": 200, "contact_email": 254, "join_url": 1000,
               "meeting_code": 100, "passcode": 100}


def length_problems(values: dict) -> dict[str, str]:
    return {
        name: _("Paling banyak %(n)s karakter.", n=limit)
        for name, limit in MAX_LENGTHS.items()
        if isinstance(values.get(name), str) and len(values[name]) > limit
    }


def status_problem(old: str | None, new: str) -> str | None:
    if new not in EVENT_STATUSES:
        return _("Status tidak dikenal.")
    if old is not None and new not in NEXT_STATUSES[old]:
        return _("Status tidak dapat diubah dari %(old)s ke %(new)s.", old=old, new=new)
    return None


def event_problems(values: dict, event: Event | None = None) -> dict[str, str]:
    """Problems in (already typed) event values; keys absent from `values` are not checked."""
    problems = length_problems(values)
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
        if values.get(name) is not None and not 1 <= values[name] <= MAX_COUNT:
            problems[name] = _("Isi angka 1 sampai %(max)s, atau kosongkan.", max=format_decimal(MAX_COUNT))
    if "retention_days" in values and not 1 <= (values["retention_days"] or 0) <= MAX_COUNT:
        problems["retention_days"] = _("Isi angka 1 sampai %(max)s.", max=format_decimal(MAX_COUNT))
    threshold = values.get("attendance_threshold")
    if threshold is not None and not 0 <= threshold <= 100:
        problems["attendance_threshold"] = _("Isi persentase 0 sampai 100.")
    opens, closes = _window(values, event)
    if opens and closes and closes <= opens:
        problems["registration_closes_at"] = _("Penutupan pendaftaran harus setelah pembukaan.")
    quotas = values.get("province_quotas") or {}
    if any(q is not None and not 1 <= q <= MAX_COUNT for q in quotas.values()):
        problems["province_quotas"] = _("Kuota provinsi harus 1 sampai %(max)s, atau kosong.",
                                        max=format_decimal(MAX_COUNT))
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
    problems = length_problems({"title": title})
    if not (title or "").strip():
        problems["title"] = _("Judul sesi wajib diisi.")
    if starts_at is None:
        problems["starts_at"] = _("Waktu mulai wajib diisi.")
    if ends_at is None:
        problems["ends_at"] = _("Waktu selesai wajib diisi.")
    if starts_at and ends_at and ends_at <= starts_at:
        problems["ends_at"] = _("Waktu selesai harus setelah waktu mulai.")
    return problems


def meeting_problems(join_url: str | None, meeting_code: str | None = None,
                     passcode: str | None = None) -> dict[str, str]:
    lengths = length_problems({"join_url": join_url, "meeting_code": meeting_code, "passcode": passcode})
    if lengths:
        return lengths
    problem = join_url_problem(join_url or "")
    if problem == "required":
        return {"join_url": _("Tautan rapat wajib diisi.")}
    if problem == "https":
        return {"join_url": _("Tautan rapat harus diawali https://.")}
    if problem == "invalid":
        return {"join_url": _("Tautan rapat tidak valid.")}
    return {}


# An event dated entirely in the past is more often a mistyped year than a record of a past
# event: a date that has passed is refused (beside its field) unless the organiser confirms it.
PAST_CONFIRMATION = "past_event"  # the form's checkbox and the API's flag


def past_problems(values: dict, event: Event | None, now: datetime, api: bool = False) -> dict[str, str]:
    """The event's registration closing, given (new or changed) and already past."""
    closes = values.get("registration_closes_at")
    before = event.registration_closes_at if event else None
    if closes is None or closes >= now or not _changed(closes, before):
        return {}
    when = fmt_datetime(closes, values.get("timezone") or (event.timezone if event else "Asia/Jakarta"),
                        current_language())
    return {"registration_closes_at": " ".join((
        _("Pendaftaran ditutup pada %(when)s, waktu yang sudah lewat.", when=when), _past_hint(api)))}


def session_past_problems(starts_at: datetime | None, ends_at: datetime | None, session, tz: str,
                          now: datetime, api: bool = False) -> dict[str, str]:
    """A session (new, or its times changed) that has already ended."""
    if ends_at is None or ends_at >= now:
        return {}
    if session is not None and not (_changed(ends_at, session.ends_at) or _changed(starts_at, session.starts_at)):
        return {}
    return {"ends_at": " ".join((
        _("Sesi ini berakhir pada %(when)s, waktu yang sudah lewat.",
          when=fmt_datetime(ends_at, tz, current_language())), _past_hint(api)))}


def _changed(new: datetime | None, old: datetime | None) -> bool:
    """Changed to the minute (a form sends minutes: an unchanged field is not a new date)."""
    if new is None or old is None:
        return new is not old
    return new.replace(second=0, microsecond=0) != old.replace(second=0, microsecond=0)


def _past_hint(api: bool) -> str:
    if api:
        return _("Periksa tanggalnya; untuk mencatat acara yang sudah berlangsung, kirim juga "
                 "\"past_event\": true.")
    return _("Periksa tanggalnya; bila acara ini memang sudah berlangsung, centang "
             "“Acara ini sudah berlangsung” di bawah lalu simpan lagi.")
