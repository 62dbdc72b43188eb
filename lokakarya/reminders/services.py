"""Reminder settings of an event: the default rules, adding and switching rules (never commits)."""
from sqlalchemy.exc import IntegrityError

from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.reminders.models import ReminderRule, ReminderSettings
from lokakarya.reminders.timing import DEFAULT_OFFSETS, Offset


def offset_of(rule: ReminderRule) -> Offset:
    return Offset(rule.kind, rule.days_before, rule.local_time, rule.minutes_before)


def rules_for(event_id: int) -> list[ReminderRule]:
    return list(db.session.execute(
        db.select(ReminderRule).where(ReminderRule.event_id == event_id)
        .order_by(ReminderRule.kind == "manual", ReminderRule.id)
    ).scalars())


def settings_of(event_id: int) -> ReminderSettings:
    """The event's settings as stored, for pages that only read (a GET never writes).

    Every event gets its settings and default rules when it is created (events.services) or by
    migration 0009; an event built some other way reads as switched on with no rules until the
    first change or the first reminder run creates the defaults.
    """
    return db.session.get(ReminderSettings, event_id) or ReminderSettings(event_id=event_id, enabled=True)


def ensure_settings(event_ids: set[int]) -> dict[int, ReminderSettings]:
    """Settings for each event, creating the default rules for events that have none yet.

    Two overlapping runs may both try: the settings row's primary key lets one win, the other
    rolls its savepoint back and reads the winner's row.
    """
    if not event_ids:
        return {}
    found = {s.event_id: s for s in db.session.execute(
        db.select(ReminderSettings).where(ReminderSettings.event_id.in_(event_ids))).scalars()}
    for event_id in sorted(event_ids - set(found)):
        try:
            with db.session.begin_nested():
                settings = ReminderSettings(event_id=event_id, enabled=True)
                db.session.add(settings)
                db.session.flush()
                for offset in DEFAULT_OFFSETS:
                    db.session.add(rule_from_offset(event_id, offset))
                db.session.flush()
            found[event_id] = settings
        except IntegrityError:
            found[event_id] = db.session.get(ReminderSettings, event_id)
    return found


def rule_from_offset(event_id: int, offset: Offset, include_pending: bool = False,
                     include_waitlisted: bool = False) -> ReminderRule:
    return ReminderRule(
        event_id=event_id, kind=offset.kind, days_before=offset.days_before,
        local_time=offset.local_time, minutes_before=offset.minutes_before,
        include_pending=include_pending, include_waitlisted=include_waitlisted, active=True,
    )


def add_rule(event: Event, offset: Offset, include_pending: bool, include_waitlisted: bool) -> ReminderRule:
    rule = rule_from_offset(event.id, offset, include_pending, include_waitlisted)
    db.session.add(rule)
    db.session.flush()
    return rule


def rule_json(rule: ReminderRule) -> dict:
    return {
        "id": rule.id, "kind": rule.kind, "days_before": rule.days_before,
        "local_time": rule.local_time, "minutes_before": rule.minutes_before,
        "include_pending": rule.include_pending, "include_waitlisted": rule.include_waitlisted,
        "active": rule.active,
    }

