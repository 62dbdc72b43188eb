"""Organiser pages: the recap with its session rules, per-session lists with manual marks, and
the daftar hadir exports. Imports and check-in live in import_views.py and checkin_views.py;
each request commits once."""
from flask import Blueprint, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _

from lokakarya.attendance import exports
from lokakarya.attendance.forms import MarkForm
from lokakarya.attendance.messages import manual_labels, pull_labels, source_labels, status_labels
from lokakarya.attendance.origins import session_origins
from lokakarya.attendance.presence import refresh_event
from lokakarya.attendance.recap import (
    PeopleFilters,
    build_recap,
    event_for_recap,
    people_page,
    province_choices,
    reportless_sessions,
    session_rules,
    session_summary,
)
from lokakarya.attendance.services import checkin_open, mark_manual, rule_for
from lokakarya.audit.services import record
from lokakarya.auth.decorators import staff_required
from lokakarya.core.downloads import PDF, XLSX, attachment
from lokakarya.core.forms import FORBIDDEN_CHARACTERS, TOO_LONG
from lokakarya.core.lookup import or_404
from lokakarya.core.paging import Page, page_number
from lokakarya.core.text import has_forbidden_characters
from lokakarya.events.queries import session_of
from lokakarya.extensions import db
from lokakarya.registration.models import Registration

bp = Blueprint("attendance", __name__)
CHECKIN_CODE_MAX = 20  # AttendanceRule.checkin_code
PAGE_SIZE = 50  # people on the recap's and a session's list


def event_or_404(slug: str):
    return or_404(event_for_recap(slug))


def session_or_404(event, session_id: int):
    return or_404(session_of(event, session_id))


def _labels() -> dict:
    return {"statuses": status_labels(), "manual": manual_labels(), "sources": source_labels()}


@bp.get("/events/<slug>/attendance")
@staff_required
def recap(slug: str):
    event = event_or_404(slug)
    summary = build_recap(event)  # its rules carry the check-in codes
    filters = PeopleFilters.from_args(request.args)
    number = page_number(request.args)
    people, total = people_page(event, summary.rules, PAGE_SIZE, (number - 1) * PAGE_SIZE, filters)
    live = request.args.get("live") == "1"
    ongoing = any(checkin_open(s) for s in event.sessions)
    return render_template("attendance/recap.html", event=event, recap=summary, people=people,
                           page=Page(number, PAGE_SIZE, total), filters=filters, provinces=province_choices(),
                           live=live, ongoing=ongoing, reportless=reportless_sessions(event),
                           origins=session_origins(event), pulls=pull_labels(), **_labels())


@bp.post("/events/<slug>/attendance/rules")
@staff_required
def save_rules(slug: str):
    event = event_or_404(slug)
    refused = _refused_codes(event)
    if refused:
        for text in refused:
            flash(text, "error")
        return redirect(url_for("attendance.recap", slug=slug))
    mandatory_changed = False
    for session in event.sessions:
        rule = rule_for(session)
        before = {"mandatory": rule.mandatory, "checkin_code": rule.checkin_code}
        rule.mandatory = request.form.get(f"mandatory-{session.id}") == "on"
        rule.checkin_code = request.form.get(f"code-{session.id}", "").strip().upper()
        after = {"mandatory": rule.mandatory, "checkin_code": rule.checkin_code}
        if before != after:
            record("attendance.rule", session, before=before, after=after, event_id=event.id)
        mandatory_changed |= before["mandatory"] != after["mandatory"]
    if mandatory_changed:
        refresh_event(event.id)  # statuses follow the mandatory sessions
    db.session.commit()
    flash(_("Aturan kehadiran disimpan."), "success")
    return redirect(url_for("attendance.recap", slug=slug))


def _refused_codes(event) -> list[str]:
    """Why a session's check-in code cannot be saved (nothing is saved then), one line each."""
    refused = []
    for session in event.sessions:
        code = request.form.get(f"code-{session.id}", "").strip()
        if has_forbidden_characters(code):
            refused.append(f"{session.title}: {FORBIDDEN_CHARACTERS}")
        elif len(code) > CHECKIN_CODE_MAX:
            refused.append(f"{session.title}: {TOO_LONG % {'max': CHECKIN_CODE_MAX}}")
    return refused


@bp.get("/events/<slug>/attendance/sessions/<int:session_id>")
@staff_required
def session_list(slug: str, session_id: int):
    event = event_or_404(slug)
    session = session_or_404(event, session_id)
    rules = session_rules(event)
    number = page_number(request.args)
    people, total = people_page(event, rules, PAGE_SIZE, (number - 1) * PAGE_SIZE)
    return render_template("attendance/session.html", event=event, session=session, people=people,
                           page=Page(number, PAGE_SIZE, total), summary=session_summary(event, rules[session.id]),
                           form=MarkForm(), **_labels())


@bp.post("/events/<slug>/attendance/sessions/<int:session_id>/mark/<int:registration_id>")
@staff_required
def mark(slug: str, session_id: int, registration_id: int):
    event = event_or_404(slug)
    session = session_or_404(event, session_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    form = MarkForm()
    if not form.validate_on_submit():
        if not form.flash_errors():
            flash(_("Tanda tidak valid."), "error")
        return redirect(url_for("attendance.session_list", slug=slug, session_id=session_id, **_page_arg()))
    row = mark_manual(registration, session, form.status.data or None, form.note.data or "")
    record("attendance.mark", registration, after={
        "session_id": session.id, "status": row.status if row else None, "note": row.note if row else ""},
        event_id=event.id)
    db.session.commit()
    flash(_("Tanda kehadiran disimpan."), "success")
    return redirect(url_for("attendance.session_list", slug=slug, session_id=session_id, **_page_arg())
                    + f"#r{registration.id}")


def _page_arg() -> dict:
    """The page of the list the mark was made on (sent with the form), to go back to it."""
    number = page_number(request.form)
    return {"page": number} if number > 1 else {}


@bp.get("/events/<slug>/attendance/daftar-hadir.<fmt>")
@staff_required
def daftar_hadir(slug: str, fmt: str):
    if fmt not in ("xlsx", "pdf"):
        abort(404)
    event = event_or_404(slug)
    session_id = request.args.get("session", type=int)
    session = session_or_404(event, session_id) if session_id else None
    title = exports.title_of(event, session)
    rows = exports.daftar_hadir_rows(event, session)
    suffix = f"-sesi-{session.position + 1}" if session else ""
    if fmt == "xlsx":
        body, mimetype = stream_with_context(exports.to_xlsx(title, rows)), XLSX
    else:
        body, mimetype = exports.to_pdf(title, rows), PDF
    return attachment(body, f"daftar-hadir-{event.slug}{suffix}.{fmt}", mimetype)


# Routes of this blueprint kept in their own files.
from lokakarya.attendance import checkin_views, import_views  # noqa: E402, F401
