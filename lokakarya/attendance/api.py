"""API endpoints of the attendance feature (attached to the /api/v1 blueprint)."""
from datetime import UTC

from flask import jsonify, request

from lokakarya.api import bp
from lokakarya.api.auth import current_api_user, token_required
from lokakarya.api.errors import validation_error
from lokakarya.api.paging import limit_offset, meta
from lokakarya.attendance.forms import REPORT_ZONES
from lokakarya.attendance.importing import plan_import, read_report, save_import, sessions_summary
from lokakarya.attendance.models import AttendanceImport
from lokakarya.attendance.origins import session_origins
from lokakarya.attendance.recap import event_for_recap, people_page, session_rules
from lokakarya.attendance.report import ReportError
from lokakarya.core.lookup import or_api_404
from lokakarya.extensions import db
from lokakarya.vc.messages import error_fields

REPORT_ERRORS = {
    "empty": "The file is empty.",
    "binary": "The file is not CSV text.",
    "encoding": "The file is truncated or its text encoding is broken.",
    "unknown_format": "Not a Zoom, Teams or Google Meet attendance report: no name, join and leave columns.",
    "no_rows": "The report lists no participants.",
    "bad_time": "A time cannot be read.",
    "leave_before_join": "A leave time is before its join time.",
    "ambiguous_date_order": "The date order cannot be told from the file: send date_order=dmy or mdy.",
    "mixed_date_order": "The file mixes day-first and month-first dates.",
    "too_large": "The file is too large (at most 15 MB).",
    "too_many_rows": "The report has too many rows (at most 100,000).",
    "control_characters": "A name or e-mail contains control characters, which cannot be stored.",
    "malformed": "A line cannot be read as CSV (an unclosed quote or a field that is too long).",
}


def _event(slug: str):
    return or_api_404(event_for_recap(slug))


@bp.post("/events/<slug>/attendance/imports")
@token_required("organiser")
def import_attendance(slug: str):
    event = _event(slug)
    upload = request.files.get("file")
    zone = request.form.get("timezone") or event.timezone
    order = request.form.get("date_order") or None
    problems = {}
    if upload is None:
        problems["file"] = "Send the report as multipart field 'file'."
    if zone not in REPORT_ZONES and zone != event.timezone:
        problems["timezone"] = "Use Asia/Jakarta, Asia/Makassar or Asia/Jayapura."
    if order not in (None, "dmy", "mdy"):
        problems["date_order"] = "Use dmy or mdy."
    if problems:
        raise validation_error(problems)
    data = upload.read()
    try:
        report = read_report(event, data, zone, order)
    except ReportError as error:
        field = "date_order" if error.code == "ambiguous_date_order" else "file"
        where = f"Line {error.line}: " if error.line else ""
        raise validation_error({field: where + REPORT_ERRORS[error.code]},
                               "The report cannot be imported.") from None
    plan = plan_import(event, report)
    save_import(AttendanceImport(event_id=event.id, format=plan.format, filename=(upload.filename or "")[:200],
                                 timezone=zone, date_order=report.date_order, rows=plan.rows,
                                 created_by_id=current_api_user().id), plan)
    db.session.commit()
    return jsonify({
        "format": plan.format, "source": plan.source, "date_order": report.date_order,
        "rows": plan.rows, "matched": plan.matched, "unmatched": plan.unmatched,
        "ignored": plan.ignored, "sessions": sessions_summary(event, plan), "skipped_sessions": plan.locked,
        "changes": {"new": plan.new, "changed": plan.changed, "removed": plan.removed,
                    "unchanged": plan.unchanged},
        "review": [{"identity": i.identity, "name": i.display, "email": i.email, "reason": i.how,
                    "minutes": i.minutes} for i in plan.review if i.how != "ignored"],
    }), 201


@bp.get("/events/<slug>/attendance")
@token_required("organiser")
def attendance_summary(slug: str):
    event = _event(slug)
    limit, offset = limit_offset()
    people, total = people_page(event, session_rules(event), limit, offset)
    return jsonify(meta=meta(total, limit, offset), data=[{
        "registration_id": person.registration.id,
        "status": person.status,
        "eligible": person.eligible,
        "minutes": {str(sid): minutes for sid, minutes in person.minutes.items()},
        "total_minutes": person.total,
        "sources": {str(sid): used for sid, used in person.sources.items()},
    } for person in people], sessions=[{
        "session_id": sid,
        "sources": [{"source": source, "rows": rows, "updated_at": _iso(latest)}
                    for source, rows, latest in origin.sources],
        "pulled": {"provider": origin.provider, "state": origin.pull_state,
                   "pulled_at": _iso(origin.pulled_at), **error_fields(origin.pull_error)}
        if origin.provider else None,
    } for sid, origin in session_origins(event).items()])


def _iso(value):
    return value.astimezone(UTC).isoformat() if value else None
