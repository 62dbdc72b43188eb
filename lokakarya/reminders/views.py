"""The organiser's reminder page: rules, when each falls for each session, "send now"."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func
from wtforms import SelectChoice

from lokakarya.audit.services import record
from lokakarya.auth.decorators import staff_required
from lokakarya.core.forms import ActionForm
from lokakarya.core.lookup import or_404
from lokakarya.events.queries import AGENDA_LOAD, event_for_page, session_of
from lokakarya.extensions import db
from lokakarya.registration.links import event_url, register_url
from lokakarya.reminders.forms import RuleForm, SendNowForm
from lokakarya.reminders.messages import problem_messages
from lokakarya.reminders.models import ReminderDelivery, ReminderRule
from lokakarya.reminders.sending import send_now
from lokakarya.reminders.services import (
    add_rule,
    ensure_settings,
    offset_of,
    rule_json,
    rules_for,
    settings_of,
)
from lokakarya.reminders.timing import Offset, due_at, offset_problems
from lokakarya.reminders.whatsapp import agenda_text, invitation_text, share_url

bp = Blueprint("reminders", __name__)


def _event(slug: str):
    return or_404(event_for_page(slug, load=AGENDA_LOAD))  # the pages read the sessions only


def _offset_from(form: RuleForm) -> Offset:
    if form.kind.data == "day_before":
        return Offset("day_before", days_before=form.days_before.data, local_time=(form.local_time.data or "").strip())
    return Offset("minutes_before", minutes_before=form.minutes_before.data)


def _page(event, rule_form=None, send_form=None, status=200):
    settings = settings_of(event.id)
    rules = rules_for(event.id)
    sent = dict(db.session.execute(
        db.select(ReminderDelivery.rule_id, func.count()).join(ReminderRule)
        .where(ReminderRule.event_id == event.id).group_by(ReminderDelivery.rule_id)
    ).tuples().all())
    scheduled = [s for s in event.sessions if not s.cancelled]
    schedule = [(s, [(rule, due_at(s.starts_at, offset_of(rule), event.timezone))
                     for rule in rules if rule.active and rule.kind != "manual"]) for s in scheduled]
    send_form = send_form or SendNowForm()
    send_form.session_id.choices = [SelectChoice(s.id, s.title) for s in scheduled]
    return render_template(
        "reminders/manage.html", event=event, settings=settings, rules=rules, sent=sent,
        schedule=schedule, rule_form=rule_form or RuleForm(), send_form=send_form,
        action_form=ActionForm(),
    ), status


@bp.get("/events/<slug>/reminders")
@staff_required
def manage(slug: str):
    return _page(_event(slug))


@bp.post("/events/<slug>/reminders/rules")
@staff_required
def add(slug: str):
    event = _event(slug)
    form = RuleForm()
    if not form.validate_on_submit():
        flash(_("Periksa kembali isian pengingat."), "error")
        return _page(event, rule_form=form, status=422)
    offset = _offset_from(form)
    problems = offset_problems(offset)
    if problems:
        messages = problem_messages()
        for field, _code in problems.items():
            getattr(form, field).errors = [messages[field]]
        flash(_("Periksa kembali isian pengingat."), "error")
        return _page(event, rule_form=form, status=422)
    rule = add_rule(event, offset, form.include_pending.data, form.include_waitlisted.data)
    record("reminder_rule.create", rule, after=rule_json(rule))
    db.session.commit()
    flash(_("Pengingat ditambahkan."), "success")
    return redirect(url_for(".manage", slug=slug))


@bp.post("/events/<slug>/reminders/rules/<int:rule_id>/toggle")
@staff_required
def toggle(slug: str, rule_id: int):
    event = _event(slug)
    rule = db.session.get(ReminderRule, rule_id)
    if rule is None or rule.event_id != event.id or rule.kind == "manual" or not ActionForm().validate_on_submit():
        abort(404)
    before = rule_json(rule)
    rule.active = not rule.active
    record("reminder_rule.update", rule, before=before, after=rule_json(rule))
    db.session.commit()
    return redirect(url_for(".manage", slug=slug))


@bp.post("/events/<slug>/reminders/enabled")
@staff_required
def switch(slug: str):
    event = _event(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    settings = ensure_settings({event.id})[event.id]
    settings.enabled = not settings.enabled
    record("reminder_settings.update", settings, after={"enabled": settings.enabled}, event_id=event.id)
    db.session.commit()
    flash(_("Pengingat otomatis aktif.") if settings.enabled else _("Pengingat otomatis dimatikan."), "success")
    return redirect(url_for(".manage", slug=slug))


@bp.post("/events/<slug>/reminders/send-now")
@staff_required
def send(slug: str):
    event = _event(slug)
    form = SendNowForm()
    form.session_id.choices = [SelectChoice(s.id, s.title) for s in event.sessions if not s.cancelled]
    if not form.validate_on_submit():
        flash(_("Pilih sesi yang belum dibatalkan."), "error")
        return _page(event, send_form=form, status=422)
    session = session_of(event, form.session_id.data)  # a valid choice: one of them
    count = send_now(event, session, form.include_pending.data, form.include_waitlisted.data)
    record("reminder.send_now", session, after={"recipients": count}, event_id=event.id)
    db.session.commit()
    flash(_("Pengingat dikirim ke %(count)d pendaftar.", count=count), "success")
    return redirect(url_for(".manage", slug=slug))


@bp.app_template_global()
def whatsapp_invitation_url(event) -> str:
    return share_url(invitation_text(event.title, event.sessions, event.timezone, register_url(event.slug)))


@bp.app_template_global()
def whatsapp_agenda_url(event, tz_name: str) -> str:
    return share_url(agenda_text(event.title, event.sessions, tz_name, event_url(event.slug)))
