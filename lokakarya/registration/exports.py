"""Registration lists as CSV and XLSX (pure: rows in, bytes out). NIP in full only for
organisers; masked everywhere else."""
import csv
import io

from openpyxl import Workbook

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


def _safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not value.startswith("+62"):
        return "'" + value
    return value


def to_csv(header, table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[_safe(v) for v in row] for row in table])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def to_xlsx(header, table, title: str = "Pendaftaran") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in table:
        sheet.append([_safe(v) for v in row])
    for cell in sheet["C"]:
        cell.number_format = "@"  # NIPs stay text, not 1.98E+17
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
