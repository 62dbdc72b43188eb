"""CSV and XLSX exports: every value written goes through safe_cell, so that whatever is
stored (including text saved before input was checked) can be written: control characters are
dropped (openpyxl refuses them, and one registrant's name would fail the whole file), values
that a spreadsheet would run as formulas stay text, and CSV carries a BOM so Excel reads UTF-8."""
import csv
import io

from openpyxl import Workbook

from lokakarya.core.text import without_forbidden_characters

FORMULA_STARTS = ("=", "+", "-", "@")


def safe_cell(value):
    """Text without control characters; text that starts like a formula (=, +, -, @) gets a
    leading apostrophe; numbers and phone numbers such as "+6281…" stay as they are."""
    if not isinstance(value, str):
        return value
    value = without_forbidden_characters(value)
    if value[:1] in FORMULA_STARTS and not value[1:].isdigit():
        return "'" + value
    return value


def append_row(sheet, values) -> None:
    """Every row of every exported sheet (titles and headers too) is written through here."""
    sheet.append([safe_cell(v) for v in values])


def csv_bytes(header: list, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
