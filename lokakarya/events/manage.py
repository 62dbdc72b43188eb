"""Organiser pages: create and edit events, the agenda, meetings. One commit per request."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lokakarya.auth.decorators import staff_required
from lokakarya.core.lookup import or_404
from lokakarya.events import changes, services
from lokakarya.events.forms import EventForm, MeetingForm, SessionForm, province_quotas
from lokakarya.events.meetings import event_wide_meeting
from lokakarya.events.queries import event_for_page, session_of
from lokakarya.events.validation import (
    event_problems,
    meeting_problems,
    past_problems,
    session_past_problems,
    session_problems,
)
from lokakarya.events.views import bp
from lokakarya.extensions import db
from lokakarya.ical.feed_tokens import organiser_feed_url
from lokakarya.regions.models import Province
from lokakarya.timeutil import now_utc


def _event_or_404(slug: str):
    return or_404(event_for_page(slug))


def _session_or_404(event, session_id: int):
    return or_404(session_of(event, session_id))


def _show_problems(form, problems: dict[str, str]) -> bool:
    for name, message in problems.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            flash(message, "error")
    return not problems


def _event_form(event=None) -> tuple[EventForm, list]:
    provinces = list(db.session.execute(db.select(Province).order_by(Province.code)).scalars())
    form = EventForm()
    form.set_provinces(provinces)
    if event is not None and request.method == "GET":
        form.fill_from(event)
    return form, provinces


def _read_event_form(form: EventForm, event=None) -> dict | None:
    """The typed values when everything is valid; otherwise None with errors on the form."""
    if not form.validate_on_submit():
        return None
    values = form.values()
    quotas, bad = province_quotas(request.form, values["province_codes"])
    values["province_quotas"] = quotas
    problems = event_problems(values, event)
    if bad:
        problems["provinces"] = _("Kuota provinsi harus angka 1 atau lebih: %(codes)s",
                                  codes=", ".join(bad))
    past = {} if form.past_event.data else past_problems(values, event, now_utc())
    form.offer_past = bool(past)
    ok = _show_problems(form, problems)
    return values if _show_problems(form, past) and ok else None


@bp.route("/events/new", methods=["GET", "POST"])
@staff_required
def create():
    form, provinces = _event_form()
    values = _read_event_form(form)
    if values is not None:
        event = changes.create_event(values, current_user._get_current_object())
        db.session.commit()
        flash(_("Acara dibuat. Tambahkan sesi di bawah."), "success")
        return redirect(url_for("events.manage", slug=event.slug))
    return render_template("events/form.html", form=form, provinces=provinces, event=None, quotas={})


@bp.route("/events/<slug>/manage", methods=["GET", "POST"])
@staff_required
def manage(slug: str):
    event = _event_or_404(slug)
    form, provinces = _event_form(event)
    values = _read_event_form(form, event)
    if values is not None:
        changes.change_event(event, values, None)
        db.session.commit()
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("events.manage", slug=event.slug))
    meeting_form = MeetingForm(prefix="meeting")
    meeting_form.fill_from(event_wide_meeting(event.meetings))
    return render_template(
        "events/manage.html", event=event, form=form, provinces=provinces,
        quotas={p.province_code: p.quota for p in event.invited}, meeting_form=meeting_form,
        overlaps=services.overlapping_ids(event.sessions), parallel=services.parallel_ids(event.sessions),
        feed_url=organiser_feed_url(current_user),
    )


@bp.post("/events/<slug>/meeting")
@staff_required
def event_meeting(slug: str):
    event = _event_or_404(slug)
    form = MeetingForm(prefix="meeting")
    values = form.values() if form.validate_on_submit() else False
    problems = meeting_problems(values["join_url"]) if values and not values.get("create") else {}
    if values is False or problems:
        if not form.flash_errors():
            for message in problems.values() or [_("Periksa isian rapat.")]:
                flash(message, "error")
        return redirect(url_for("events.manage", slug=slug))
    changes.change_meeting(event, None, values, None)
    db.session.commit()
    flash(_("Rapat acara disimpan."), "success")
    return redirect(url_for("events.manage", slug=slug))


def _session_page(event, form, meeting_form, session=None):
    return render_template("events/session_form.html", event=event, form=form,
                           meeting_form=meeting_form, session=session)


@bp.route("/events/<slug>/sessions/new", methods=["GET", "POST"])
@staff_required
def session_new(slug: str):
    event = _event_or_404(slug)
    form, meeting_form = SessionForm(), MeetingForm(prefix="meeting")
    values = _read_session_form(form, meeting_form, event.timezone)
    if values is not None:
        session = changes.add_session(event, values, meeting_form.values(), None)
        saved = _saved_message(event, session)
        db.session.commit()
        flash(*saved)
        return redirect(url_for("events.manage", slug=slug))
    return _session_page(event, form, meeting_form)


def _read_session_form(form: SessionForm, meeting_form: MeetingForm, tz: str, session=None) -> dict | None:
    # Both forms checked whatever the other says, so that every error shows at once.
    session_valid = form.validate_on_submit()
    meeting_ok = meeting_form.validate()
    meeting = meeting_form.values() if meeting_ok else None
    if meeting is not None and not meeting.get("create"):
        meeting_ok = _show_problems(meeting_form, meeting_problems(meeting["join_url"]))
    if not session_valid:
        return None
    values = form.values(tz)
    ok = _show_problems(form, session_problems(values["title"], values["starts_at"], values["ends_at"]))
    if ok and not form.past_event.data:
        past = session_past_problems(values["starts_at"], values["ends_at"], session, tz, now_utc())
        form.offer_past = bool(past)
        ok = _show_problems(form, past)
    return values if ok and meeting_ok else None


def _saved_message(event, session) -> tuple[str, str]:
    """Worked out before the commit, which expires the agenda (it would be loaded again)."""
    if session.id in services.overlapping_ids(event.sessions):
        return _("Sesi disimpan. Perhatian: sesi ini bertumpang tindih dengan sesi lain."), "warning"
    return _("Sesi disimpan."), "success"


@bp.route("/events/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@staff_required
def session_edit(slug: str, session_id: int):
    event = _event_or_404(slug)
    session = _session_or_404(event, session_id)
    if session.cancelled:
        flash(_("Sesi yang dibatalkan tidak dapat diubah."), "error")
        return redirect(url_for("events.manage", slug=slug))
    form, meeting_form = SessionForm(), MeetingForm(prefix="meeting")
    if request.method == "GET":
        form.fill_from(session, event.timezone)
        meeting_form.fill_from(session.meeting)
    values = _read_session_form(form, meeting_form, event.timezone, session)
    if values is not None:
        changes.change_session(event, session, values, meeting_form.values(), None)
        saved = _saved_message(event, session)
        db.session.commit()
        flash(*saved)
        return redirect(url_for("events.manage", slug=slug))
    return _session_page(event, form, meeting_form, session)


@bp.post("/events/<slug>/sessions/<int:session_id>/cancel")
@staff_required
def session_cancel(slug: str, session_id: int):
    event = _event_or_404(slug)
    session = _session_or_404(event, session_id)
    if changes.cancel_session(event, session, None):
        db.session.commit()
        flash(_("Sesi dibatalkan. Peserta terkonfirmasi menerima pembatalan di kalendernya."), "success")
    return redirect(url_for("events.manage", slug=slug))


@bp.post("/events/<slug>/sessions/<int:session_id>/move")
@staff_required
def session_move(slug: str, session_id: int):
    event = _event_or_404(slug)
    session = _session_or_404(event, session_id)
    services.move_session(session, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("events.manage", slug=slug))
