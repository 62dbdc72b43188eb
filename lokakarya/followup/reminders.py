"""`flask followup remind`: owners before the due date and weekly while overdue, organisers a
weekly digest of overdue items. Each reminder has a key stored in followup_sent_reminders, so a second run the same day
sends nothing new."""
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from lokakarya.auth.models import User
from lokakarya.core.links import absolute_url
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.followup.models import ActionItem, SentReminder
from lokakarya.followup.rules import CLOSED, DEFAULT_ZONE, local_today
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.regions.models import Province

DAYS_BEFORE = 7


@dataclass(frozen=True)
class Due:
    """What the planner needs of an item (plain values)."""

    item_id: int
    due_date: date
    status: str
    today: date  # in the owning province's zone


def plan(items: list[Due], days_before: int = DAYS_BEFORE) -> list[tuple[str, int, str]]:
    """(key, item id, "due_soon" | "overdue") for every reminder due today.

    Before the due date: once per due date within `days_before` days. Overdue: on the first
    day after it and then every seventh day (the key carries the week number)."""
    out = []
    for due in items:
        if due.status in CLOSED:
            continue
        days_left = (due.due_date - due.today).days
        if 0 <= days_left <= days_before:
            out.append((f"due:{due.item_id}:{due.due_date.isoformat()}", due.item_id, "due_soon"))
        elif days_left < 0:
            week = (-days_left - 1) // 7
            out.append((f"overdue:{due.item_id}:{due.due_date.isoformat()}:{week}", due.item_id, "overdue"))
    return out


def _open_items(now: datetime) -> list[tuple[ActionItem, date]]:
    rows = db.session.execute(
        sa.select(ActionItem, sa.func.coalesce(Province.timezone, DEFAULT_ZONE))
        .outerjoin(Province, Province.code == ActionItem.province_code)
        .where(ActionItem.tracked.is_(True), ActionItem.status.not_in(CLOSED))
        .options(joinedload(ActionItem.event), joinedload(ActionItem.agency))
    ).all()
    return [(item, local_today(now, tz)) for item, tz in rows]


def _already_sent(keys: list[str]) -> set[str]:
    sent: set[str] = set()
    for start in range(0, len(keys), 500):
        sent.update(db.session.execute(
            sa.select(SentReminder.key).where(SentReminder.key.in_(keys[start:start + 500]))).scalars())
    return sent


def _owners(items: list[ActionItem]) -> dict[int, list[User]]:
    """Item id → the focal points who own it (its province's and its agency's)."""
    provinces = {i.province_code for i in items if i.province_code}
    agencies = {i.agency_id for i in items if i.agency_id}
    users = db.session.execute(sa.select(User).where(User.active.is_(True), sa.or_(
        sa.and_(User.role == "province_focal_point", User.province_code.in_(provinces)),
        sa.and_(User.role == "agency_focal_point", User.agency_id.in_(agencies)),
    ))).scalars().all()
    owners: dict[int, list[User]] = {}
    for item in items:
        owners[item.id] = [u for u in users if
                           (u.role == "province_focal_point" and u.province_code == item.province_code)
                           or (u.role == "agency_focal_point" and u.agency_id == item.agency_id)]
    return owners


def _organisers(events: set[int]) -> dict[int, list[User]]:
    """Event id → who gets its digest: the event's creator, else every organiser."""
    rows = db.session.execute(sa.select(Event.id, Event.created_by_id).where(Event.id.in_(events))).all()
    staff = db.session.execute(
        sa.select(User).where(User.role == "organiser", User.active.is_(True))).scalars().all()
    by_id = {u.id: u for u in staff}
    return {event_id: [by_id[creator]] if creator in by_id else list(staff) for event_id, creator in rows}


def item_link(item: ActionItem) -> str:
    return absolute_url("followup.item", item_id=item.id)


def run(now: datetime, days_before: int = DAYS_BEFORE) -> dict[str, int]:
    """Queue today's reminders and record their keys (flush; the caller commits)."""
    items_today = _open_items(now)
    by_id = {item.id: item for item, _today in items_today}
    todo = plan([Due(item.id, item.due_date, item.status, today) for item, today in items_today], days_before)
    sent = _already_sent([key for key, _id, _kind in todo])
    todo = [row for row in todo if row[0] not in sent]
    owners = _owners([by_id[item_id] for _key, item_id, _kind in todo])
    per_user: dict[int, tuple[User, list]] = {}
    for key, item_id, kind in todo:
        db.session.add(SentReminder(key=key))
        for user in owners[item_id]:
            per_user.setdefault(user.id, (user, []))[1].append((by_id[item_id], kind))
    with force_locale("id"):
        for user, entries in per_user.values():
            queue(Draft(to=user.email, subject=_("Pengingat tindak lanjut: %(count)d butir", count=len(entries)),
                        text=render_template("followup/mail/owner_reminder.txt", user=user, entries=entries,
                                             link=item_link)), kind="followup_reminder")
        digests = _digests(items_today, now)
    db.session.flush()
    return {"items": len(todo), "owner_mails": len(per_user), "digests": digests}


def _digests(items_today: list[tuple[ActionItem, date]], now: datetime) -> int:
    overdue = [item for item, today in items_today if today > item.due_date]
    if not overdue:
        return 0
    # One digest per organiser per (ISO) week: enough to chase, not a daily nag.
    year, week, _day = local_today(now, DEFAULT_ZONE).isocalendar()
    day = f"{year}-W{week:02d}"
    recipients = _organisers({item.event_id for item in overdue})
    per_user: dict[int, tuple[User, list[ActionItem]]] = {}
    for item in overdue:
        for user in recipients.get(item.event_id, []):
            per_user.setdefault(user.id, (user, []))[1].append(item)
    keys = {user_id: f"digest:{user_id}:{day}" for user_id in per_user}
    sent = _already_sent(list(keys.values()))
    count = 0
    for user_id, (user, items) in per_user.items():
        if keys[user_id] in sent:
            continue
        db.session.add(SentReminder(key=keys[user_id]))
        queue(Draft(to=user.email, subject=_("Ringkasan tindak lanjut terlambat: %(count)d butir",
                                              count=len(items)),
                    text=render_template("followup/mail/digest.txt", user=user,
                                         items=sorted(items, key=lambda i: (i.province_code or "", i.id)),
                                         link=item_link)), kind="followup_digest")
        count += 1
    return count
