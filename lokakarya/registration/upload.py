"""Delegation lists from CSV or XLSX (pure: bytes in, rows out) and the template to fill in."""
import csv
import io

from openpyxl import load_workbook

from lokakarya.core.spreadsheets import csv_bytes
from lokakarya.registration.exports import to_xlsx
from lokakarya.registration.problems import Problem

# Column titles of the template → field; English titles are accepted too.
COLUMNS = {"nama": "name", "name": "name", "nip": "nip", "jabatan": "position",
           "position": "position", "email": "email", "e-mail": "email", "ponsel": "phone",
           "phone": "phone", "nomor ponsel": "phone"}
TEMPLATE_HEADER = ("nama", "nip", "jabatan", "email", "ponsel")
EXAMPLE = ("Dr. Contoh Nama, S.Sos., M.Si.", "19860926 201505 1 001", "Analis Kebijakan Ahli Muda",
           "nama@instansi.go.id", "0812 3456 7890")
MAX_ROWS = 500


class UploadError(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def template_csv() -> bytes:
    return csv_bytes(TEMPLATE_HEADER, [EXAMPLE])


def template_xlsx() -> bytes:
    return to_xlsx(TEMPLATE_HEADER, [EXAMPLE], title="Delegasi")


def _table(filename: str, data: bytes) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
            raise UploadError(Problem("file_unreadable")) from exc
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    if b"\x00" in data[:4096]:  # a binary file (e.g. an old .xls) renamed to .csv
        raise UploadError(Problem("file_unreadable"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel on Windows saves CSV this way
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    except csv.Error:
        pass
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def parse_rows(filename: str, data: bytes) -> list[tuple[int, dict]]:
    """(line number in the file, {field: text}) for each non-empty row after the header."""
    table = _table(filename, data)
    if not table:
        raise UploadError(Problem("file_empty"))
    fields = [COLUMNS.get(title.strip().lower()) for title in table[0]]
    missing = [t for t in TEMPLATE_HEADER if COLUMNS[t] not in fields]
    if missing:
        raise UploadError(Problem("file_columns", {"columns": ", ".join(missing)}))
    out = []
    for line, row in enumerate(table[1:], start=2):
        values = {f: (row[i] if i < len(row) else "").strip() for i, f in enumerate(fields) if f}
        if any(values.values()):
            out.append((line, values))
    if not out:
        raise UploadError(Problem("file_empty"))
    if len(out) > MAX_ROWS:
        raise UploadError(Problem("too_many_rows", {"max": MAX_ROWS}))
    return out
