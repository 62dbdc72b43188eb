"""Organiser pages (recap, import with preview and review, marks, daftar hadir) and the
participant's self check-in. Each request commits once."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lokakarya.attendance import exports
from lokakarya.attendance.forms import CheckinForm, ImportForm, MarkForm
from lokakarya.attendance.importing import (
    apply_import,
    discard_stale_uploads,
    people_of,
    plan_import,
    read_report,
    remember_decision,
    sessions_summary,
)
from lokakarya.attendance.messages import manual_labels, report_error_message, source_labels, status_labels
from lokakarya.attendance.models import Attendance, AttendanceImport, SessionAttendanceRule
from lokakarya.attendance.recap import build_recap, event_for_recap
from lokakarya.attendance.report import ReportError
from lokakarya.attendance.services import checkin_open, code_matches, mark_manual, record_join, rule_for
from lokakarya.audit.services import record
from lokakarya.auth.decorators import staff_required
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.registration.views import registration_for_token
from lokakarya.timeutil import now_utc

bp = Blueprint("attendance", __name__)


def _event(slug: str):
    event = event_for_recap(slug)
    if event is None:
        abort(404)
    return event


def _session(event, session_id: int):
    for session in event.sessions:
        if session.id == session_id:
            return session
    abort(404)


def _labels() -> dict:
    return {"statuses": status_labels(), "manual": manual_labels(), "sources": source_labels()}


@bp.get("/events/<slug>/attendance")
@staff_required
def recap(slug: str):
    event = _event(slug)
    summary = build_recap(event)
    codes = {r.session_id: r.checkin_code for r in db.session.execute(
        db.select(SessionAttendanceRule).where(
            SessionAttendanceRule.session_id.in_([s.id for s in event.sessions]))).scalars()}
    live = request.args.get("live") == "1"
    ongoing = any(checkin_open(s) for s in event.sessions)
    return render_template("attendance/recap.html", event=event, recap=summary, codes=codes,
                           live=live, ongoing=ongoing, **_labels())


@bp.post("/events/<slug>/attendance/rules")
@staff_required
def save_rules(slug: str):
    event = _event(slug)
    for session in event.sessions:
        rule = rule_for(session)
        before = {"mandatory": rule.mandatory, "checkin_code": rule.checkin_code}
        rule.mandatory = request.form.get(f"mandatory-{session.id}") == "on"
        rule.checkin_code = request.form.get(f"code-{session.id}", "").strip().upper()[:20]
        after = {"mandatory": rule.mandatory, "checkin_code": rule.checkin_code}
        if before != after:
            record("attendance.rule", session, before=before, after=after, event_id=event.id)
    db.session.commit()
    flash(_("Aturan kehadiran disimpan."), "success")
    return redirect(url_for("attendance.recap", slug=slug))


@bp.route("/events/<slug>/attendance/import", methods=["GET", "POST"])
@staff_required
def upload(slug: str):
    event = _event(slug)
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
    return plan_import(event, report, people=people)


@bp.get("/events/<slug>/attendance/imports/<int:import_id>")
@staff_required
def preview(slug: str, import_id: int):
    event = _event(slug)
    pending = _pending(event, import_id)
    people = people_of(event)
    plan = _plan(event, pending, people)
    registrations = {p.id: p for p in people}
    return render_template("attendance/preview.html", event=event, pending=pending, plan=plan,
                           sessions=sessions_summary(event, plan), registrations=registrations,
                           choices=sorted(people, key=lambda p: p.name.lower()))


@bp.post("/events/<slug>/attendance/imports/<int:import_id>/decide")
@staff_required
def decide(slug: str, import_id: int):
    event = _event(slug)
    _pending(event, import_id)
    key = request.form.get("identity", "")[:300]
    choice = request.form.get("registration_id", "")
    registration_id = None
    if choice != "ignore":
        registration = db.session.get(Registration, int(choice)) if choice.isdigit() else None
        if registration is None or registration.event_id != event.id or not key:
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
    event = _event(slug)
    pending = _pending(event, import_id)
    plan = _plan(event, pending)
    apply_import(plan)
    pending.status, pending.applied_at, pending.content = "applied", now_utc(), None
    pending.matched, pending.unmatched = plan.matched, plan.unmatched
    record("attendance.import", pending, after={
        "format": plan.format, "rows": plan.rows, "new": plan.new, "changed": plan.changed,
        "removed": plan.removed}, event_id=event.id)
    db.session.commit()
    flash(_("Impor disimpan: %(new)d baru, %(changed)d berubah, %(removed)d dihapus.",
            new=plan.new, changed=plan.changed, removed=plan.removed), "success")
    return redirect(url_for("attendance.recap", slug=slug))


@bp.get("/events/<slug>/attendance/sessions/<int:session_id>")
@staff_required
def session_list(slug: str, session_id: int):
    event = _event(slug)
    session = _session(event, session_id)
    return render_template("attendance/session.html", event=event, session=session,
                           recap=build_recap(event), form=MarkForm(), **_labels())


@bp.post("/events/<slug>/attendance/sessions/<int:session_id>/mark/<int:registration_id>")
@staff_required
def mark(slug: str, session_id: int, registration_id: int):
    event = _event(slug)
    session = _session(event, session_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    form = MarkForm()
    if not form.validate_on_submit():
        flash(_("Tanda tidak valid."), "error")
        return redirect(url_for("attendance.session_list", slug=slug, session_id=session_id))
    row = mark_manual(registration, session, form.status.data or None, form.note.data or "")
    record("attendance.mark", registration, after={
        "session_id": session.id, "status": row.status if row else None, "note": row.note if row else ""},
        event_id=event.id)
    db.session.commit()
    flash(_("Tanda kehadiran disimpan."), "success")
    return redirect(url_for("attendance.session_list", slug=slug, session_id=session_id)
                    + f"#r{registration.id}")


@bp.get("/events/<slug>/attendance/daftar-hadir.<fmt>")
@staff_required
def daftar_hadir(slug: str, fmt: str):
    if fmt not in ("xlsx", "pdf"):
        abort(404)
    event = _event(slug)
    session_id = request.args.get("session", type=int)
    session = _session(event, session_id) if session_id else None
    summary = build_recap(event)
    title = exports.title_of(summary, session)
    rows = exports.daftar_hadir_rows(summary, session)
    suffix = f"-sesi-{session.position + 1}" if session else ""
    if fmt == "xlsx":
        body = exports.to_xlsx(title, rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mimetype = exports.to_pdf(title, rows), "application/pdf"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="daftar-hadir-{event.slug}{suffix}.{fmt}"'})


@bp.post("/r/<token>/checkin/<int:session_id>")
def checkin(token: str, session_id: int):
    registration = registration_for_token(token)
    session = _session(registration.event, session_id)
    back = redirect(url_for("registration.personal", token=token) + "#kehadiran")
    if registration.status != "confirmed":
        flash(_("Hanya peserta terkonfirmasi yang dapat check-in."), "error")
        return back
    if not checkin_open(session):
        flash(_("Check-in hanya dibuka selama sesi berlangsung."), "error")
        return back
    form = CheckinForm()
    rule = db.session.get(SessionAttendanceRule, session.id)
    if not form.validate_on_submit() or not code_matches(rule.checkin_code if rule else "",
                                                         form.code.data or ""):
        flash(_("Kode sesi salah. Tanyakan kode kepada pembawa acara."), "error")
        return back
    record_join(registration, session, source="checkin")
    db.session.commit()
    flash(_("Terima kasih, kehadiran Anda di sesi \"%(title)s\" tercatat.", title=session.title), "success")
    return back


@bp.app_context_processor
def checkin_helpers():
    def checkin_state(registration):
        """Sessions open for check-in now, with whether this person already checked in."""
        event = registration.event
        open_now = [s for s in event.sessions if checkin_open(s)]
        if not open_now or registration.status != "confirmed":
            return []
        done = set(db.session.execute(
            db.select(Attendance.session_id).where(
                Attendance.registration_id == registration.id, Attendance.source == "checkin",
                Attendance.session_id.in_([s.id for s in open_now]))).scalars())
        needs_code = set(db.session.execute(
            db.select(SessionAttendanceRule.session_id).where(
                SessionAttendanceRule.session_id.in_([s.id for s in open_now]),
                SessionAttendanceRule.checkin_code != "")).scalars())
        return [(s, s.id in done, s.id in needs_code) for s in open_now]

    return {"attendance_checkin_state": checkin_state, "attendance_checkin_form": CheckinForm}
