"""Registration lists as CSV, XLSX and a printable page, for people: headers, statuses and agency
kinds in the user's language, times in the event's zone with its label (WIB/WITA/WIT). The
spreadsheets add the codes in columns of their own at the end, for whoever sorts or matches by
them. NIP in full only for organisers; masked everywhere else."""

import itertools
from collections.abc import Iterable, Iterator

from flask_babel import gettext as _

from lokakarya.agencies.labels import kind_labels
from lokakarya.core.spreadsheets import xlsx_stream
from lokakarya.registration.labels import status_labels
from lokakarya.timeutil import to_zone, zone_label


def mask_nip(nip: str | None) -> str:
    if not nip:
        return ""
    return nip[:4] + "*" * (len(nip) - 7) + nip[-3:]


def header(codes: bool = True) -> list[str]:
    """The column titles in the user's language; `codes` adds the code columns (spreadsheets)."""
    titles = [_("No"), _("Nama"), "NIP", _("Jabatan"), _("Nama instansi"), _("Jenis instansi"), _("Provinsi"),
              "E-mail", _("Ponsel"), _("Status"), _("Terdaftar")]
    return titles + [_("Kode status"), _("Kode jenis instansi")] if codes else titles


def rows(registrations: Iterable, show_nip: bool, tz: str, codes: bool = True) -> Iterator[list]:
    """One row per registration, made as `registrations` are read (exports stream tens of
    thousands). The words are looked up here, in the request, before the first row is asked for."""
    words = {**status_labels(), **{f"kind:{k}": str(v) for k, v in kind_labels().items()}}
    return _rows(registrations, show_nip, tz, codes, words)


def _rows(registrations, show_nip: bool, tz: str, codes: bool, words: dict[str, str]) -> Iterator[list]:
    label = zone_label(tz)
    for number, r in enumerate(registrations, start=1):
        agency = r.agency
        kind = agency.kind if agency else ""
        province = agency.province.name if agency and agency.province else ""
        row = [
            number, r.name or "", r.nip if show_nip else mask_nip(r.nip), r.position or "",
            agency.name if agency else "", words.get(f"kind:{kind}", kind), province, r.email or "",
            r.phone or "", words.get(r.status, r.status), f"{to_zone(r.created_at, tz):%Y-%m-%d %H:%M} {label}",
        ]
        yield row + [r.status, kind] if codes else row


def to_xlsx(header, table, title: str | None = None) -> Iterator[bytes]:
    """The workbook's bytes in chunks, written as `table` is read; NIPs (column C) stay text, not
    1.98E+17."""
    return xlsx_stream(title or _("Pendaftaran"), itertools.chain([header], table), bold_rows=1,
                       text_columns=(2,))
