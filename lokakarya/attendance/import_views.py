"""Importing a platform report: upload, preview with review of unmatched rows, apply.
The uploaded file waits in the database (not on a worker's disk) until it is applied."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lokakarya.attendance.forms import ImportForm
from lokakarya.attendance.importing import (
    discard_stale_uploads,
    people_of,
    plan_import,
    read_report,
    remember_decision,
    save_import,
    sessions_summary,
)
from lokakarya.attendance.messages import format_labels, report_error_message
from lokakarya.attendance.models import AttendanceImport
from lokakarya.attendance.report import ReportError
from lokakarya.attendance.views import bp, event_or_404
from lokakarya.audit.services import record
from lokakarya.auth.decorators import staff_required
from lokakarya.core.converters import database_id
from lokakarya.core.text import has_forbidden_characters
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.vc.schedule import covered_sessions


@bp.route("/events/<slug>/attendance/import", methods=["GET", "POST"])
@staff_required
def upload(slug: str):
    event = event_or_404(slug)
    form = ImportForm(timezone=event.timezone)
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            report = read_report(event, data, form.timezone.data, form.date_order.data)
        except ReportError as error:
            form.file.errors = [report_error_message(error)]
            return render_template("attendance/upload.html", event=event, form=form), 422
        discard_stale_uploads(event, current_user.id)
        pending = AttendanceImport(
            event_id=event.id, format=report.format, filename=(form.file.data.filename or "")[:200],
            timezone=form.timezone.data, date_order=report.date_order, content=data,
            rows=len(report.rows), created_by_id=current_user.id)
        db.session.add(pending)
        db.session.commit()
        return redirect(url_for("attendance.preview", slug=slug, import_id=pending.id))
    status = 422 if request.method == "POST" else 200
    return render_template("attendance/upload.html", event=event, form=form), status


def _pending(event, import_id: int) -> AttendanceImport:
    pending = db.session.get(AttendanceImport, import_id)
    if pending is None or pending.event_id != event.id:
        abort(404)
    if pending.status != "pending" or pending.content is None:
        flash(_("Impor ini sudah disimpan; unggah laporan lagi untuk mengimpor ulang."), "info")
        abort(redirect(url_for("attendance.recap", slug=event.slug)))
    return pending


def _plan(event, pending: AttendanceImport, people=None):
    report = read_report(event, pending.content, pending.timezone, pending.date_order)
    if pending.meeting_id is not None:  # pulled by the vc worker, kept for review: its meeting's sessions
        meeting = next((m for m in event.meetings if m.id == pending.meeting_id), None)
        only = {s.id for s in covered_sessions(meeting, event)} if meeting is not None else set()
        return plan_import(event, report, people=people, only=only)
    return plan_import(event, report, people=people)


@bp.get("/events/<slug>/attendance/imports/<int:import_id>")
@staff_required
def preview(slug: str, import_id: int):
    event = event_or_404(slug)
    pending = _pending(event, import_id)
    people = people_of(event)
    plan = _plan(event, pending, people)
    registrations = {p.id: p for p in people}
    return render_template("attendance/preview.html", event=event, pending=pending, plan=plan,
                           sessions=sessions_summary(event, plan), registrations=registrations,
                           choices=sorted(people, key=lambda p: p.name.lower()), formats=format_labels())


@bp.post("/events/<slug>/attendance/imports/<int:import_id>/decide")
@staff_required
def decide(slug: str, import_id: int):
    event = event_or_404(slug)
    _pending(event, import_id)
    key = request.form.get("identity", "")[:300]
    choice = request.form.get("registration_id", "")
    registration_id = None
    if not key or has_forbidden_characters(key):  # the page posts back a name it listed: never so
        flash(_("Pilih peserta atau abaikan baris ini."), "error")
        return redirect(url_for("attendance.preview", slug=slug, import_id=import_id))
    if choice != "ignore":
        registration = db.session.get(Registration, database_id(choice)) if database_id(choice) else None
        if registration is None or registration.event_id != event.id:
            flash(_("Pilih peserta atau abaikan baris ini."), "error")
            return redirect(url_for("attendance.preview", slug=slug, import_id=import_id))
        registration_id = registration.id
    remember_decision(event, key, registration_id, current_user.id)
    record("attendance.decision", event, after={"identity": key, "registration_id": registration_id},
           event_id=event.id)
    db.session.commit()
    flash(_("Keputusan disimpan dan dipakai untuk impor berikutnya."), "success")
    return redirect(url_for("attendance.preview", slug=slug, import_id=import_id))


@bp.post("/events/<slug>/attendance/imports/<int:import_id>/apply")
@staff_required
def apply(slug: str, import_id: int):
    event = event_or_404(slug)
    pending = _pending(event, import_id)
    plan = _plan(event, pending)
    save_import(pending, plan)
    db.session.commit()
    flash(_("Impor disimpan: %(new)d baru, %(changed)d berubah, %(removed)d dihapus.",
            new=plan.new, changed=plan.changed, removed=plan.removed), "success")
    return redirect(url_for("attendance.recap", slug=slug))
