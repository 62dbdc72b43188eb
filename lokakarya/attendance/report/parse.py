"""Recognise a report's layout from its content and read its rows.

Every layout is a set of tables, each under a header row (Zoom's summary block, Teams'
numbered sections, the webinar report's host/panelist/attendee parts). A header is known by
its columns, whatever their capitalisation, order or extra neighbours.
"""
import csv
import re
from dataclasses import dataclass
from datetime import date, datetime

from lokakarya.attendance.report.decoding import decode
from lokakarya.attendance.report.errors import ReportError
from lokakarya.attendance.report.timestamps import TimeReader, decide_date_order
from lokakarya.core.text import has_forbidden_characters

# column role → the header texts that mean it (lower-case, spaces collapsed)
COLUMNS = {
    "name": ("name (original name)", "user name (original name)", "name", "full name",
             "participant", "display name", "nama"),
    "first_name": ("first name",),
    "last_name": ("last name",),
    "email": ("user email", "email", "e-mail", "email address", "attendee email"),
    "join": ("join time", "joined", "join", "time joined", "first join", "first seen"),
    "leave": ("leave time", "left", "leave", "time exited", "last leave", "last seen"),
    "duration": ("duration (minutes)", "duration", "in-meeting duration", "time in session (minutes)"),
    "attended": ("attended",),
    "role": ("role",),
}
ALIASES = {alias: role for role, names in COLUMNS.items() for alias in names}
# Headers whose join/leave are only the first join and last leave of a person.
SUMMARY_JOIN = {"first join", "time joined", "first seen"}
HOST_ROLES = {"organizer", "organiser", "presenter", "host", "co-host"}
SOURCE_OF = {"zoom_meeting": "zoom", "zoom_webinar": "zoom", "teams": "teams", "meet": "meet",
             # Pulled from a provider by the vc worker (lokakarya/vc/pull.py), not uploaded.
             "zoom_api": "zoom", "bbb_api": "bbb"}
DURATION_PARTS = re.compile(r"(\d+)\s*([hms])")


@dataclass(frozen=True, slots=True)
class ReportRow:
    line: int
    name: str
    email: str
    joined: datetime  # aware, UTC
    left: datetime
    # Share of joined..left the person was really there: below 1 when the report only gives
    # the first join, the last leave and a shorter total (Google Meet).
    presence: float = 1.0
    host: bool = False
    # The registration, when the provider told who it is (a pull: our id or its registrant id).
    registration_id: int | None = None


@dataclass(frozen=True)
class ParsedReport:
    format: str  # zoom_meeting / zoom_webinar / teams / meet
    rows: tuple[ReportRow, ...]
    date_order: str

    @property
    def source(self) -> str:
        return SOURCE_OF[self.format]


@dataclass
class _Table:
    header_line: int
    columns: dict[str, int]
    summary: bool
    header_text: set[str]
    first: int = 0  # index in the lines of the first data row
    last: int = 0  # index after the last data row


def _key(cell: str) -> str:
    return " ".join(cell.strip().strip("\ufeff").lower().split())


def _header(cells: list[str]) -> tuple[dict[str, int], set[str]] | None:
    columns: dict[str, int] = {}
    texts = set()
    for index, cell in enumerate(cells):
        text = _key(cell)
        texts.add(text)
        role = ALIASES.get(text)
        if role and role not in columns:
            columns[role] = index
    has_name = "name" in columns or "first_name" in columns
    if has_name and "join" in columns and "leave" in columns:
        return columns, texts
    return None


def _delimiter(lines: list[str]) -> str:
    sample = "\n".join(lines[:30])
    counts = {d: sample.count(d) for d in ("\t", ",", ";")}
    return max(counts, key=counts.get)


# Rows of one report: a 100,000-row Zoom export is 10-13 MB and parses in a few seconds.
MAX_ROWS = 100_000
# A header row starts with one of these (checked only there: data rows are many).
HEADER_STARTS = set(ALIASES) | {"attended"}


def _tables(lines: list[str], delimiter: str) -> list[_Table]:
    """Where each table's header and rows are (a first pass that keeps no row in memory and
    stops at the first row beyond MAX_ROWS, or at a line the csv module cannot read)."""
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        return _find_tables(reader)
    except csv.Error as exc:  # a field over csv.field_size_limit(), a stray quote
        raise ReportError("malformed", reader.line_num, str(exc)) from None


def _find_tables(reader) -> list[_Table]:
    tables: list[_Table] = []
    current: _Table | None = None
    data_rows = 0
    for index, cells in enumerate(reader):
        # A blank line or a section title (one filled cell) ends a table.
        if len(cells) < 2 or not any(c.strip() for c in cells[1:]):
            current = None
            continue
        if current is None or _key(cells[0]) in HEADER_STARTS:
            found = _header(cells)
            if found is not None:
                columns, texts = found
                current = _Table(index + 1, columns, bool(texts & SUMMARY_JOIN), texts, index + 1, index + 1)
                tables.append(current)
                continue
        if current is not None:
            current.last = index + 1
            data_rows += 1
            if data_rows > MAX_ROWS:
                raise ReportError("too_many_rows", index + 1, str(MAX_ROWS))
    return tables


def _rows(lines: list[str], delimiter: str, table: _Table):
    """(line number, cells) of a table's data rows."""
    reader = csv.reader(lines[table.first:table.last], delimiter=delimiter)
    return enumerate(reader, start=table.first + 1)


def _format(tables: list[_Table], first_line: str) -> str:
    texts = set().union(*(t.header_text for t in tables))
    if "attended" in texts or "time in session (minutes)" in texts or first_line.lower().startswith(
            "attendee report"):
        return "zoom_webinar"
    if "role" in texts or "participant id (upn)" in texts or "in-meeting duration" in texts:
        return "teams"
    if "time joined" in texts or "time exited" in texts:
        return "meet"
    return "zoom_meeting"


def _minutes(value: str) -> float | None:
    """'410', '410 min', '6h 50m 0s' → minutes."""
    value = value.strip().lower()
    if not value:
        return None
    try:
        return float(value.split()[0]) if value.replace(".", "").split()[0].isdigit() and (
            "h" not in value) else _hms(value)
    except (ValueError, IndexError):
        return None


def _hms(value: str) -> float | None:
    parts = DURATION_PARTS.findall(value)
    if not parts:
        return None
    scale = {"h": 60.0, "m": 1.0, "s": 1 / 60}
    return sum(int(n) * scale[u] for n, u in parts)


def parse_report(data: bytes, zone: str, event_days: set[date], date_order: str | None = None
                 ) -> ParsedReport:
    """Read a Zoom / Teams / Meet attendance report (bytes) into rows with UTC intervals."""
    lines = decode(data).splitlines()
    delimiter = _delimiter(lines)
    tables = _tables(lines, delimiter)
    if not tables:
        raise ReportError("unknown_format", 1)
    fmt = _format(tables, lines[0] if lines else "")
    # Per-join sections (Teams' "In-Meeting activities") replace the per-person summary.
    used = [t for t in tables if not t.summary] or tables
    order = decide_date_order(_time_cells(lines, delimiter, used), event_days, date_order)
    reader = TimeReader(zone, order, min(event_days) if event_days else None)
    rows = []
    for table in used:
        read = _row_reader(table, reader)
        for line, cells in _rows(lines, delimiter, table):
            row = read(line, cells)
            if row is not None:
                rows.append(row)
    if not rows:
        raise ReportError("no_rows", tables[0].header_line)
    return ParsedReport(fmt, tuple(rows), order)


def _time_cells(lines: list[str], delimiter: str, tables: list[_Table]):
    """Each distinct join/leave text once, with its first line (reports repeat the same minutes).
    A generator: when the date order is chosen, the file is not read for it at all."""
    seen: set[str] = set()
    for table in tables:
        indexes = [table.columns["join"], table.columns["leave"]]
        for line, cells in _rows(lines, delimiter, table):
            for index in indexes:
                if index < len(cells) and cells[index] not in seen:
                    seen.add(cells[index])
                    yield line, cells[index].strip()


def _row_reader(table: _Table, reader: TimeReader):
    """A function reading one data row of this table (column positions looked up once)."""
    columns = table.columns
    width = max(columns.values()) + 1
    at = {role: columns.get(role) for role in COLUMNS}
    i_join, i_leave, i_name, i_email = at["join"], at["leave"], at["name"], at["email"]

    def cell(cells: list[str], index: int | None) -> str:
        return cells[index].strip() if index is not None else ""

    def read(line: int, cells: list[str]) -> ReportRow | None:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        if at["attended"] is not None and cell(cells, at["attended"]).lower() == "no":
            return None  # registered for the webinar, never came
        joined_text, left_text = cells[i_join].strip(), cells[i_leave].strip()
        if joined_text in ("", "--") and left_text in ("", "--"):
            return None
        name = cell(cells, i_name) or " ".join(
            p for p in (cell(cells, at["first_name"]), cell(cells, at["last_name"])) if p)
        email = cell(cells, i_email).lower()
        if not name and not email:
            return None
        if has_forbidden_characters(name + email):  # kept as a decision's key: never stored so
            raise ReportError("control_characters", line)
        joined, left = reader.read(joined_text, line), reader.read(left_text, line)
        if left < joined:
            raise ReportError("leave_before_join", line, f"{joined_text} > {left_text}")
        presence = 1.0
        if table.summary:
            span = (left - joined).total_seconds() / 60
            total = _minutes(cell(cells, at["duration"]))
            if total is not None and span > 0 and total < span:
                presence = total / span
        host = at["role"] is not None and cell(cells, at["role"]).lower() in HOST_ROLES
        return ReportRow(line, name, email, joined, left, presence, host)

    return read
