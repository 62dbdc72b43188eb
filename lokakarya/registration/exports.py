"""Registration lists as CSV and XLSX (pure: rows in, bytes out). NIP in full only for
organisers; masked everywhere else."""

from openpyxl import Workbook

from lokakarya.core.spreadsheets import append_row, workbook_bytes

HEADER = ("No", "Nama", "NIP", "Jabatan", "Instansi", "Provinsi", "E-mail", "Ponsel", "Status",
          "Terdaftar (UTC)")


def mask_nip(nip: str | None) -> str:
    if not nip:
        return ""
    return nip[:4] + "*" * (len(nip) - 7) + nip[-3:]


def rows(registrations, show_nip: bool) -> list[list]:
    out = []
    for number, r in enumerate(registrations, start=1):
        agency = r.agency
        province = agency.province.name if agency and agency.province else ""
        out.append([
            number, r.name or "", r.nip if show_nip else mask_nip(r.nip), r.position or "",
            agency.name if agency else "", province, r.email or "", r.phone or "", r.status,
            r.created_at.strftime("%Y-%m-%d %H:%M"),
        ])
    return out


def to_xlsx(header, table, title: str = "Pendaftaran") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    append_row(sheet, header)
    for row in table:
        append_row(sheet, row)
    for cell in sheet["C"]:
        cell.number_format = "@"  # NIPs stay text, not 1.98E+17
    return workbook_bytes(workbook)
