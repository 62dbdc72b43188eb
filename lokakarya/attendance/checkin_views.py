"""The participant's self check-in ("Saya hadir") on their own page during a session."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _

from lokakarya.attendance.forms import CheckinForm
from lokakarya.attendance.models import Attendance, SessionAttendanceRule
from lokakarya.attendance.services import checkin_open, code_matches, record_join
from lokakarya.attendance.views import bp, session_or_404
from lokakarya.extensions import db
from lokakarya.registration.views import registration_for_token


@bp.post("/r/<token>/checkin/<int:session_id>")
def checkin(token: str, session_id: int):
    registration = registration_for_token(token)
    session = session_or_404(registration.event, session_id)
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

    return {"attendance_checkin_state": checkin_state}
