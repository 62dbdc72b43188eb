"""Delegation lists from CSV or XLSX (pure: bytes in, rows out) and the template to fill in."""
import csv

from lokakarya.core.spreadsheets import csv_bytes
from lokakarya.core.uploaded_tables import TableError, table_rows
from lokakarya.registration.exports import to_xlsx
from lokakarya.registration.problems import Problem

# Column titles of the template → field; English titles are accepted too.
COLUMNS = {"nama": "name", "name": "name", "nip": "nip", "jabatan": "position",
           "position": "position", "email": "email", "e-mail": "email", "ponsel": "phone",
           "phone": "phone", "nomor ponsel": "phone"}
# The template's column titles in each interface language; both are read back.
TEMPLATE_HEADERS = {"id": ("nama", "nip", "jabatan", "email", "ponsel"),
                    "en": ("name", "nip", "position", "email", "phone")}
EXAMPLE = ("Dr. Contoh Nama, S.Sos., M.Si.", "19860926 201505 1 001", "Analis Kebijakan Ahli Muda",
           "nama@instansi.go.id", "0812 3456 7890")
MAX_ROWS = 500  # rows per upload (tests lower it)


class UploadError(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def template_csv(lang: str = "id") -> bytes:
    return csv_bytes(TEMPLATE_HEADERS[lang], [EXAMPLE])


def template_xlsx(lang: str = "id", title: str = "Delegasi"):
    return to_xlsx(TEMPLATE_HEADERS[lang], [EXAMPLE], title=title)


def parse_rows(filename: str, data: bytes, lang: str = "id") -> list[tuple[int, dict]]:
    """(line number in the file, {field: text}) for each non-empty row after the header, read
    row by row: the reading stops at the first row beyond MAX_ROWS. Missing columns are named
    as the template in `lang` names them."""
    try:
        rows = table_rows(filename, data)
        header = next(rows, None)
        if header is None:
            raise UploadError(Problem("file_empty"))
        fields = [COLUMNS.get(title.strip().lower()) for title in header]
        missing = [t for t in TEMPLATE_HEADERS[lang] if COLUMNS[t] not in fields]
        if missing:
            raise UploadError(Problem("file_columns", {"columns": ", ".join(missing)}))
        out = []
        for line, row in enumerate(rows, start=2):
            values = {f: (row[i] if i < len(row) else "").strip() for i, f in enumerate(fields) if f}
            if any(values.values()):
                out.append((line, values))
            # Blank rows count too (up to as many again): a sheet may claim a million of them.
            if len(out) > MAX_ROWS or line - 1 > 2 * MAX_ROWS:
                raise UploadError(Problem("too_many_rows", {"max": MAX_ROWS}))
    except TableError as bad:
        raise UploadError(_table_problem(bad)) from bad
    if not out:
        raise UploadError(Problem("file_empty"))
    return out


def _table_problem(bad: TableError) -> Problem:
    if bad.code == "field_too_long":
        return Problem("file_field_too_long", {"line": bad.line, "max": csv.field_size_limit()})
    if bad.code == "too_large":
        return Problem("file_too_large")
    return Problem("file_unreadable")
