"""Reminder settings of an event: GET/PUT /events/{slug}/reminders, POST …/reminders/send-now."""
from flask import jsonify

from lokakarya.api import bp
from lokakarya.api.auth import token_required
from lokakarya.api.body import json_object
from lokakarya.api.errors import validation_error
from lokakarya.audit.services import record
from lokakarya.core.lookup import or_api_404
from lokakarya.events.queries import event_for_page, session_of
from lokakarya.extensions import db
from lokakarya.reminders.messages import problem_messages
from lokakarya.reminders.models import ReminderRule, ReminderSettings
from lokakarya.reminders.sending import send_now
from lokakarya.reminders.services import (
    add_rule,
    ensure_settings,
    rule_json,
    rules_for,
    settings_of,
)
from lokakarya.reminders.timing import Offset, offset_problems


def event_or_404(slug: str):
    return or_api_404(event_for_page(slug, load=(), staff=True))


def _settings_json(settings: ReminderSettings, rules: list[ReminderRule]) -> dict:
    return {"enabled": settings.enabled, "rules": [rule_json(r) for r in rules]}


def _int_or_none(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@bp.get("/events/<slug>/reminders")
@token_required("organiser")
def get_reminders(slug: str):
    event = event_or_404(slug)
    return jsonify(_settings_json(settings_of(event.id), rules_for(event.id)))


@bp.put("/events/<slug>/reminders")
@token_required("organiser")
def put_reminders(slug: str):
    """Rules with an id are updated (active, recipients), rules without one are added, automatic
    rules left out are switched off (kept, so what was sent stays recorded)."""
    event = event_or_404(slug)
    body = json_object()  # `rules` is a list of objects: checked against the document
    settings = ensure_settings({event.id})[event.id]
    rules = rules_for(event.id)
    existing = {r.id: r for r in rules}
    before = _settings_json(settings, rules)
    fields, kept = {}, set()
    for index, item in enumerate(body.get("rules", [])):
        flags = {k: bool(item.get(k, False)) for k in ("include_pending", "include_waitlisted")}
        if item.get("id") is not None:
            rule = existing.get(item["id"])
            if rule is None or rule.kind == "manual":
                fields[f"rules[{index}].id"] = problem_messages()["id"]
                continue
            kept.add(rule.id)
            rule.active = bool(item.get("active", True))
            rule.include_pending, rule.include_waitlisted = flags["include_pending"], flags["include_waitlisted"]
            continue
        offset = Offset(str(item.get("kind", "")), _int_or_none(item.get("days_before")),
                        item.get("local_time") if isinstance(item.get("local_time"), str) else None,
                        _int_or_none(item.get("minutes_before")))
        problems = offset_problems(offset)
        for name in problems:
            fields[f"rules[{index}].{name}"] = problem_messages()[name]
        if not problems:
            kept.add(add_rule(event, offset, **flags).id)
    if fields:
        db.session.rollback()
        raise validation_error(fields)
    if "rules" in body:
        for rule in existing.values():
            if rule.id not in kept and rule.kind != "manual":
                rule.active = False
    if isinstance(body.get("enabled"), bool):
        settings.enabled = body["enabled"]
    db.session.flush()
    after = _settings_json(settings, rules_for(event.id))  # with the added rules
    record("reminder_settings.update", settings, before=before, after=after, event_id=event.id)
    db.session.commit()
    return jsonify(after)


@bp.post("/events/<slug>/reminders/send-now")
@token_required("organiser")
def send_reminder_now(slug: str):
    event = event_or_404(slug)
    body = json_object()
    session = session_of(event, body.get("session_id"))
    if session is None or session.cancelled:
        raise validation_error({"session_id": problem_messages()["session_id"]})
    count = send_now(event, session, bool(body.get("include_pending")), bool(body.get("include_waitlisted")))
    record("reminder.send_now", session, after={"recipients": count}, event_id=event.id)
    db.session.commit()
    return jsonify(recipients=count)
