"""Daftar hadir (attendance list) for a session or the whole event, as XLSX and PDF."""

import itertools
from collections.abc import Iterator

from flask_babel import gettext as _

from lokakarya.attendance.messages import source_labels, status_labels
from lokakarya.attendance.recap import each_line
from lokakarya.core.pdf import Pdf
from lokakarya.core.spreadsheets import xlsx_stream
from lokakarya.events.models import Event, EventSession
from lokakarya.timeutil import to_zone, zone_label


def headers() -> list[str]:
    return [_("No."), _("Nama"), _("Instansi"), _("Provinsi"), _("Bergabung pertama"), _("Menit"),
            _("Status"), _("Sumber")]


def daftar_hadir_rows(event: Event, session: EventSession | None = None) -> Iterator[list]:
    """One row per confirmed registration: plain values (strings and numbers), made as they are
    written out, the people read a batch at a time."""
    tz = event.timezone
    statuses, sources = status_labels(), source_labels()
    for number, line in enumerate(each_line(event, session.id if session else None), start=1):
        if session is not None:
            minutes = line.minutes
            state = _("Izin") if minutes is None else (statuses["hadir"] if minutes else statuses["tidak_hadir"])
        else:
            state = statuses[line.status]
        joined = line.first_join
        when = f"{to_zone(joined, tz):%d-%m-%Y %H.%M} {zone_label(tz)}" if joined else ""
        yield [number, line.name, line.agency, line.province, when, line.minutes or 0, state,
               ", ".join(sources.get(s, s) for s in line.sources)]


def title_of(event: Event, session: EventSession | None) -> str:
    return f"{_('Daftar hadir')}: {event.title}" + (f" — {session.title}" if session else "")


def to_xlsx(title: str, rows) -> Iterator[bytes]:
    """The workbook's bytes in chunks, written row by row (tens of thousands of people)."""
    return xlsx_stream(_("Daftar hadir"), itertools.chain([[title], headers()], rows), bold_rows=2,
                       widths=(5, 32, 40, 24, 20, 8, 16, 18))


def to_pdf(title: str, rows) -> bytes:
    pdf = Pdf("L")
    pdf.add_page()
    pdf.font(12, bold=True)
    pdf.multi_cell(0, 7, title)
    pdf.ln(2)
    pdf.font(8)
    pdf.long_table((10, 55, 70, 35, 32, 14, 26, 25), headers(), rows)
    return bytes(pdf.output())
