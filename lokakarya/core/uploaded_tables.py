"""Uploaded CSV and XLSX files, read one row at a time (pure: bytes in, rows out).

Nothing is read ahead of the caller: a caller that stops at its row limit stops the reading,
so a 300,000-row sheet (or a zip bomb whose sheet inflates to gigabytes) costs what its first
rows cost. XLSX sheets are read here with a streaming XML parser rather than openpyxl, whose
read-only mode still scans a whole sheet that has no <dimension> before the first row. The
shared strings are read whole (every row may use any of them): their part is refused above
MAX_PART_BYTES, judged by its declared size, which a ZIP member never inflates beyond.
"""
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError, iterparse

MAX_PART_BYTES = 32 * 1024 * 1024  # shared strings, workbook: read whole
MAX_SHEET_BYTES = 64 * 1024 * 1024  # streamed; bounds what one row (one huge cell) can hold
MAX_COLUMNS = 50  # columns kept per row: a sheet may claim 16,384

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_COLUMN = re.compile(r"[A-Z]{1,3}")
EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# _XML_SAFETY: ElementTree resolves no external entities, and expat (2.4 and later, bundled
# with Python 3.11) refuses entity expansion beyond a fixed amplification ("billion laughs").


class TableError(ValueError):
    """code: 'unreadable', 'field_too_long' (a CSV field beyond csv.field_size_limit()) or
    'too_large' (an XLSX part beyond its bound); line: where, when known."""

    def __init__(self, code: str, line: int | None = None):
        super().__init__(f"{code} (line {line})")
        self.code, self.line = code, line


def table_rows(filename: str, data: bytes) -> Iterator[list[str]]:
    """The rows of an uploaded .xlsx or CSV file, each a list of texts, first row first."""
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    return _csv_rows(data)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sizes = {member.filename: member.file_size for member in archive.infolist()}
        sheet = _first_sheet(archive)
        if sizes.get(sheet, 0) > MAX_SHEET_BYTES or sizes.get("xl/sharedStrings.xml", 0) > MAX_PART_BYTES:
            raise TableError("too_large")
        strings = _SharedStrings(archive)
        source = archive.open(sheet)
    except TableError:
        raise
    except (zipfile.BadZipFile, KeyError, StopIteration, ParseError, ValueError, OSError, EOFError) as exc:
        raise TableError("unreadable") from exc
    return _sheet_rows(source, strings)


def _read_xml(archive: zipfile.ZipFile, name: str):
    if archive.getinfo(name).file_size > MAX_PART_BYTES:
        raise TableError("too_large")
    return iterparse(archive.open(name))  # noqa: S314  (see _XML_SAFETY)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part of the workbook's first sheet (the one Excel opens)."""
    first = next(e for _ev, e in _read_xml(archive, "xl/workbook.xml") if e.tag == MAIN + "sheet")
    relation = first.get(RELATIONS + "id")
    for _event, element in _read_xml(archive, "xl/_rels/workbook.xml.rels"):
        if element.tag == PACKAGE_RELATIONS + "Relationship" and element.get("Id") == relation:
            target = element.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError(relation)


class _SharedStrings:
    """The workbook's text table, read only as far as the rows read so far need: Excel writes it
    in the order of first use, so the first rows need its first entries."""

    def __init__(self, archive: zipfile.ZipFile):
        self.strings: list[str] = []
        self.parser = _read_xml(archive, "xl/sharedStrings.xml") if _has(archive, "xl/sharedStrings.xml") \
            else iter(())

    def __getitem__(self, index: int) -> str:
        for _event, element in self.parser:
            if len(self.strings) > index:
                break
            if element.tag == MAIN + "si":
                self.strings.append(_text(element))
                element.clear()
        return self.strings[index]


def _has(archive: zipfile.ZipFile, name: str) -> bool:
    return name in archive.NameToInfo


def _column(reference: str | None, following: int) -> int:
    """0-based column of a cell ("C7" → 2); a cell without a reference follows the previous one."""
    match = CELL_COLUMN.match(reference or "")
    if not match:
        return following
    number = 0
    for letter in match.group():
        number = number * 26 + ord(letter) - 64
    return number - 1


def _text(element) -> str:
    """The text of a string item; Excel writes characters XML cannot carry as _xHHHH_."""
    text = "".join(t.text or "" for t in element.iter(MAIN + "t"))
    return EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _cell_text(cell, strings: _SharedStrings) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return _text(cell)
    value = cell.find(MAIN + "v")
    text = value.text or "" if value is not None else ""
    if kind == "s":
        return strings[int(text)]
    if kind in (None, "n") and text.endswith(".0"):
        return text[:-2]  # Excel writes whole numbers typed into a number cell so
    return text


def _sheet_rows(source, strings: _SharedStrings) -> Iterator[list[str]]:
    """Each <row> as it ends; rows the sheet skips are given as empty ones (they are lines too)."""
    line = 0
    try:
        parser = iterparse(source, events=("start", "end"))  # noqa: S314  (see _XML_SAFETY)
        _event, root = next(parser)
        for event, element in parser:
            if event != "end" or element.tag != MAIN + "row":
                continue
            number = int(element.get("r") or line + 1)
            while line + 1 < number:
                line += 1
                yield []
            line += 1
            cells: list[str] = []
            for cell in element.iter(MAIN + "c"):
                column = _column(cell.get("r"), len(cells))
                if column < MAX_COLUMNS:
                    cells.extend([""] * (column - len(cells)))
                    cells.append(_cell_text(cell, strings))
            yield cells
            root.clear()  # rows read are dropped: memory holds one row
    except (ParseError, ValueError, IndexError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise TableError("unreadable", line + 1) from exc


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    if data[:4096].count(0) > 8:  # a binary file (e.g. an old .xls) renamed to .csv
        raise TableError("unreadable")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel on Windows saves CSV this way
    first_line = text[:text.find("\n")] if "\n" in text else text
    try:
        dialect = csv.Sniffer().sniff(first_line[:10_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _csv_reader_rows(csv.reader(io.StringIO(text), dialect))


def _csv_reader_rows(reader) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as exc:  # a field over csv.field_size_limit(), a NUL, a stray quote
        code = "field_too_long" if "field larger than field limit" in str(exc) else "unreadable"
        raise TableError(code, reader.line_num) from exc
