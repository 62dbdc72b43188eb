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
SOURCE_OF = {"zoom_meeting": "zoom", "zoom_webinar": "zoom", "teams": "teams", "meet": "meet"}
DURATION_PARTS = re.compile(r"(\d+)\s*([hms])")


@dataclass(frozen=True)
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
    rows: list[tuple[int, list[str]]]


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


def _tables(text: str) -> tuple[list[_Table], str]:
    lines = text.splitlines()
    reader = csv.reader(lines, delimiter=_delimiter(lines))
    tables: list[_Table] = []
    current: _Table | None = None
    for number, cells in enumerate(reader, start=1):
        filled = sum(1 for c in cells if c.strip())
        if filled <= 1:  # blank line or section title ends a table
            current = None
            continue
        found = _header(cells)
        if found is not None:
            columns, texts = found
            current = _Table(number, columns, bool(texts & SUMMARY_JOIN), texts, [])
            tables.append(current)
        elif current is not None:
            current.rows.append((number, cells))
    return tables, lines[0] if lines else ""


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


def _cell(cells: list[str], columns: dict[str, int], role: str) -> str:
    index = columns.get(role)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def parse_report(data: bytes, zone: str, event_days: set[date], date_order: str | None = None
                 ) -> ParsedReport:
    """Read a Zoom / Teams / Meet attendance report (bytes) into rows with UTC intervals."""
    text = decode(data)
    tables, first_line = _tables(text)
    if not tables:
        raise ReportError("unknown_format", 1)
    fmt = _format(tables, first_line)
    # Per-join sections (Teams' "In-Meeting activities") replace the per-person summary.
    detailed = [t for t in tables if not t.summary]
    used = detailed or tables
    order = decide_date_order(
        ((line, _cell(cells, t.columns, role)) for t in used for line, cells in t.rows
         for role in ("join", "leave")),
        event_days, date_order,
    )
    reader = TimeReader(zone, order, min(event_days) if event_days else None)
    rows = []
    for table in used:
        for line, cells in table.rows:
            row = _row(table, line, cells, reader)
            if row is not None:
                rows.append(row)
    if not rows:
        raise ReportError("no_rows", tables[0].header_line)
    return ParsedReport(fmt, tuple(rows), order)


def _row(table: _Table, line: int, cells: list[str], reader: TimeReader) -> ReportRow | None:
    columns = table.columns
    if _cell(cells, columns, "attended").lower() == "no":
        return None  # registered for the webinar, never came
    joined_text, left_text = _cell(cells, columns, "join"), _cell(cells, columns, "leave")
    if joined_text in ("", "--") and left_text in ("", "--"):
        return None
    name = _cell(cells, columns, "name") or " ".join(
        p for p in (_cell(cells, columns, "first_name"), _cell(cells, columns, "last_name")) if p)
    email = _cell(cells, columns, "email").lower()
    if not name and not email:
        return None
    joined, left = reader.read(joined_text, line), reader.read(left_text, line)
    if left < joined:
        raise ReportError("leave_before_join", line, f"{joined_text} > {left_text}")
    presence = 1.0
    if table.summary:
        span = (left - joined).total_seconds() / 60
        total = _minutes(_cell(cells, columns, "duration"))
        if total is not None and span > 0 and total < span:
            presence = total / span
    host = _cell(cells, columns, "role").lower() in HOST_ROLES
    return ReportRow(line, name, email, joined, left, presence, host)
