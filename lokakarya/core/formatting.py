"""Dates and times as people read them: "Kamis, 12 November 2020 08.30 WIB"."""
from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

from lokakarya.timeutil import to_zone, zone_label

_TIME = {"id": "HH.mm", "en": "HH:mm"}
_DATE_LONG = "EEEE, d MMMM y"


def fmt_time(instant: datetime, tz_name: str, lang: str = "id") -> str:
    local = to_zone(instant, tz_name)
    return f"{babel_format_time(local, _TIME.get(lang, 'HH:mm'), locale=lang)} {zone_label(tz_name)}"


def fmt_date(value: date | datetime, tz_name: str | None = None, lang: str = "id") -> str:
    if isinstance(value, datetime):
        value = to_zone(value, tz_name or "Asia/Jakarta").date()
    return babel_format_date(value, _DATE_LONG, locale=lang)


def fmt_datetime(instant: datetime, tz_name: str, lang: str = "id") -> str:
    return f"{fmt_date(instant, tz_name, lang)} {fmt_time(instant, tz_name, lang)}"


def fmt_time_dual(instant: datetime, tz_name: str, viewer_tz: str | None, lang: str = "id") -> str:
    """The event's time, followed by the viewer's when their zone differs: "09.00 WIB / 10.00 WITA"."""
    text = fmt_time(instant, tz_name, lang)
    if viewer_tz and zone_label(viewer_tz) != zone_label(tz_name):
        text += f" / {fmt_time(instant, viewer_tz, lang)}"
    return text


def fmt_time_range(starts: datetime, ends: datetime, tz_name: str, lang: str = "id") -> str:
    start = babel_format_time(to_zone(starts, tz_name), _TIME.get(lang, "HH:mm"), locale=lang)
    return f"{start}–{fmt_time(ends, tz_name, lang)}"


def fmt_period(starts: datetime, ends: datetime, tz_name: str, lang: str = "id") -> str:
    """When something runs: "Kamis, 12 November 2020 · 08.30–15.00 WIB", or with both dates when
    it ends on another day than it starts."""
    if to_zone(starts, tz_name).date() == to_zone(ends, tz_name).date():
        return f"{fmt_date(starts, tz_name, lang)} · {fmt_time_range(starts, ends, tz_name, lang)}"
    return f"{fmt_datetime(starts, tz_name, lang)} – {fmt_datetime(ends, tz_name, lang)}"
