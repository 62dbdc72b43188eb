"""Registration lists as CSV and XLSX (pure: rows in, bytes out). NIP in full only for
organisers; masked everywhere else."""

import itertools
from collections.abc import Iterator

from lokakarya.core.spreadsheets import xlsx_stream

HEADER = ("No", "Nama", "NIP", "Jabatan", "Instansi", "Provinsi", "E-mail", "Ponsel", "Status",
          "Terdaftar (UTC)")


def mask_nip(nip: str | None) -> str:
    if not nip:
        return ""
    return nip[:4] + "*" * (len(nip) - 7) + nip[-3:]


def rows(registrations, show_nip: bool) -> Iterator[list]:
    """One row per registration, as `registrations` are read (exports stream tens of thousands)."""
    for number, r in enumerate(registrations, start=1):
        agency = r.agency
        province = agency.province.name if agency and agency.province else ""
        yield [
            number, r.name or "", r.nip if show_nip else mask_nip(r.nip), r.position or "",
            agency.name if agency else "", province, r.email or "", r.phone or "", r.status,
            r.created_at.strftime("%Y-%m-%d %H:%M"),
        ]


def to_xlsx(header, table, title: str = "Pendaftaran") -> Iterator[bytes]:
    """The workbook's bytes in chunks, written as `table` is read; NIPs (column C) stay text, not
    1.98E+17."""
    return xlsx_stream(title, itertools.chain([header], table), bold_rows=1, text_columns=(2,))
