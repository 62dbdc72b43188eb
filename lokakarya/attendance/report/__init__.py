"""Reading platform attendance reports (Zoom, Teams, Meet): pure functions, plain values.

`parse_report(data, zone, event_days, date_order)` → `ParsedReport`; errors are `ReportError`
with a code, a line and a detail, turned into a message in the user's language by the views.
"""
from lokakarya.attendance.report.errors import ReportError
from lokakarya.attendance.report.parse import ParsedReport, ReportRow, parse_report

__all__ = ["ParsedReport", "ReportError", "ReportRow", "parse_report"]
