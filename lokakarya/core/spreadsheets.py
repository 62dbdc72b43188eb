"""CSV and XLSX exports: values that a spreadsheet would run as formulas stay text, and CSV
carries a BOM so Excel reads UTF-8."""
import csv
import io

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@")


def safe_cell(value):
    """Text that starts like a formula (=, +, -, @) gets a leading apostrophe; numbers and
    phone numbers such as "+6281…" stay as they are."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not value[1:].isdigit():
        return "'" + value
    return value


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
