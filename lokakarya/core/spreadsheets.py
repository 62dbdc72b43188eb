"""CSV and XLSX exports: every value written goes through safe_cell, so that whatever is
stored (including text saved before input was checked) can be written: control characters are
dropped (openpyxl refuses them, and one registrant's name would fail the whole file), values
that a spreadsheet would run as formulas stay text, and CSV carries a BOM so Excel reads UTF-8."""
import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

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


def csv_stream(header: list, rows: Iterable, batch: int = 500) -> Iterator[bytes]:
    """csv_bytes for long lists: the same bytes, `batch` rows at a time as `rows` are read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for number, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(v) for v in row])
        if number % batch == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_stream(title: str, rows: Iterable, *, bold_rows: int = 0, text_columns: tuple[int, ...] = (),
                widths: Iterable[float] = (), chunk: int = 16 * 1024) -> Iterator[bytes]:
    """A workbook of one sheet for long lists: written row by row (openpyxl's write-only mode keeps
    no rows in memory) to a temporary file, which is then read out in chunks and removed. The first
    `bold_rows` rows are bold (titles, headers); `text_columns` (0-based) are formatted as text, so
    NIPs stay text. Every value goes through safe_cell. The file is written when the first chunk
    is asked for."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    for number, row in enumerate(rows):
        cells = [safe_cell(v) for v in row]
        for column, value in enumerate(cells):
            if number < bold_rows or column in text_columns:
                cells[column] = cell = WriteOnlyCell(sheet, value=value)
                if number < bold_rows:
                    cell.font = bold
                else:
                    cell.number_format = "@"
        sheet.append(cells)
    with tempfile.TemporaryFile() as file:
        book.save(file)
        file.seek(0)
        while data := file.read(chunk):
            yield data
