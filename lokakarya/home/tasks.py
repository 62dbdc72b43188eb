""""What needs me now" for each role, read in a fixed number of statements whatever the data.

A province focal point: the follow-up rounds of their province with the submission's state and
deadline, items due soon or overdue, items sent back by the organiser. An agency focal point:
events open for their delegation with the quota used and left, and their agency's items. An
organiser (and admin): events with what waits for them (registrations to approve, attendance
rows not matched, items declared done awaiting verification).
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from lokakarya.agencies.models import Agency
from lokakarya.attendance.models import AttendanceImport
from lokakarya.auth.models import User
from lokakarya.events.models import Event, EventSession, InvitedProvince
from lokakarya.extensions import db
from lokakarya.followup.access import is_organiser, item_scope
from lokakarya.followup.models import HANDED_IN, ActionItem, FollowupRound, Submission
from lokakarya.followup.queries import overdue_clause
from lokakarya.followup.rules import CLOSED
from lokakarya.registration.eligibility import Window, agency_problem
from lokakarya.registration.models import Registration
from lokakarya.registration.quotas import SEAT_HOLDING

DUE_SOON = timedelta(days=30)
LIMIT = 20  # rows per list; the rest is one click away (the follow-up list with its filters)
EVENT_LIMIT = 50


@dataclass
class RoundTask:
    event: Event
    round: FollowupRound
    submission: Submission


@dataclass
class DelegationTask:
    event: Event
    used: int
    quota: int | None

    @property
    def left(self) -> int | None:
        return None if self.quota is None else max(self.quota - self.used, 0)


@dataclass
class EventTask:
    event: Event
    pending_registrations: int = 0
    unmatched_rows: int = 0
    awaiting_verification: int = 0
    starts_at: datetime | None = None
    pending_import_id: int | None = None

    @property
    def needs_action(self) -> bool:
        return bool(self.pending_registrations or self.unmatched_rows or self.awaiting_verification)


@dataclass
class Tasks:
    rounds: list[RoundTask] = field(default_factory=list)
    due: list[ActionItem] = field(default_factory=list)
    returned: list[ActionItem] = field(default_factory=list)
    delegations: list[DelegationTask] = field(default_factory=list)
    events: list[EventTask] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.rounds or self.due or self.returned or self.delegations or self.events)


def _items(user: User, *where) -> list[ActionItem]:
    query = (sa.select(ActionItem)
             .where(ActionItem.tracked.is_(True), item_scope(user), *where)
             .options(joinedload(ActionItem.event), joinedload(ActionItem.province),
                      joinedload(ActionItem.agency))
             .order_by(ActionItem.due_date, ActionItem.id).limit(LIMIT))
    return list(db.session.execute(query).scalars())


def item_tasks(user: User, now: datetime) -> tuple[list[ActionItem], list[ActionItem]]:
    """(due within 30 days or overdue, sent back for changes): two statements."""
    soon = (now + DUE_SOON).date()
    due = _items(user, ActionItem.status.not_in(CLOSED),
                 sa.or_(ActionItem.due_date <= soon, overdue_clause(now)))
    returned = _items(user, ActionItem.verification == "returned", ActionItem.status.not_in(CLOSED))
    return due, returned


def round_tasks(province_code: str, now: datetime) -> list[RoundTask]:
    """The province's rounds still waiting for it (draft or returned) and those whose deadline
    has not passed: one statement."""
    rows = db.session.execute(
        sa.select(Submission, FollowupRound, Event)
        .join(FollowupRound, FollowupRound.event_id == Submission.event_id)
        .join(Event, Event.id == Submission.event_id)
        .where(Submission.province_code == province_code,
               sa.or_(Submission.state.not_in(HANDED_IN), FollowupRound.deadline >= now))
        .order_by(FollowupRound.deadline, Event.id).limit(LIMIT)
    ).all()
    return [RoundTask(event, rnd, sub) for sub, rnd, event in rows]


def delegation_tasks(agency: Agency, now: datetime) -> list[DelegationTask]:
    """Events open for this agency's delegation now, with the seats it holds: two statements."""
    events = db.session.execute(
        sa.select(Event).where(Event.status == "published",
                               sa.or_(Event.registration_opens_at.is_(None), Event.registration_opens_at <= now),
                               sa.or_(Event.registration_closes_at.is_(None), Event.registration_closes_at > now))
        .options(joinedload(Event.invited).load_only(InvitedProvince.province_code))
        .order_by(Event.registration_closes_at, Event.id)
    ).unique().scalars().all()
    open_ = [e for e in events if Window(e.status, e.registration_opens_at, e.registration_closes_at).is_open(now)
             and agency_problem(agency.province_code, agency.kind, {p.province_code for p in e.invited},
                                e.allow_central_agencies) is None][:LIMIT]
    if not open_:
        return []
    used = dict(db.session.execute(
        sa.select(Registration.event_id, sa.func.count())
        .where(Registration.event_id.in_([e.id for e in open_]), Registration.agency_id == agency.id,
               Registration.status.in_(SEAT_HOLDING))
        .group_by(Registration.event_id)
    ).all())
    return [DelegationTask(e, used.get(e.id, 0), e.quota_per_agency) for e in open_]


def event_tasks(now: datetime) -> list[EventTask]:
    """Events not over (or with something waiting), the most urgent first: one statement with
    a count per kind of waiting work."""
    pending = (sa.select(sa.func.count()).select_from(Registration)
               .where(Registration.event_id == Event.id, Registration.status == "pending")
               .correlate(Event).scalar_subquery())
    unmatched = (sa.select(sa.func.coalesce(sa.func.sum(AttendanceImport.unmatched), 0))
                 .where(AttendanceImport.event_id == Event.id, AttendanceImport.status == "pending")
                 .correlate(Event).scalar_subquery())
    awaiting = (sa.select(sa.func.count()).select_from(ActionItem)
                .where(ActionItem.event_id == Event.id, ActionItem.status == "done",
                       ActionItem.verification == "pending")
                .correlate(Event).scalar_subquery())
    newest_import = (sa.select(sa.func.max(AttendanceImport.id))
                     .where(AttendanceImport.event_id == Event.id, AttendanceImport.status == "pending")
                     .correlate(Event).scalar_subquery())
    starts = (sa.select(sa.func.min(EventSession.starts_at)).where(EventSession.event_id == Event.id)
              .correlate(Event).scalar_subquery())
    ends = (sa.select(sa.func.max(EventSession.ends_at)).where(EventSession.event_id == Event.id)
            .correlate(Event).scalar_subquery())
    waiting = pending + unmatched + awaiting
    rows = db.session.execute(
        sa.select(Event, pending, unmatched, awaiting, starts, newest_import)
        .where(Event.status.in_(("draft", "published")),
               sa.or_(waiting > 0, ends.is_(None), ends >= now - timedelta(days=1)))
        .order_by((waiting > 0).desc(), starts.is_(None), starts, Event.id).limit(EVENT_LIMIT)
    ).all()
    return [EventTask(event, int(p or 0), int(u or 0), int(a or 0), s, i) for event, p, u, a, s, i in rows]


def tasks_for(user: User, now: datetime) -> Tasks:
    tasks = Tasks()
    if is_organiser(user):
        tasks.events = event_tasks(now)
        return tasks
    if user.role == "province_focal_point" and user.province_code:
        tasks.rounds = round_tasks(user.province_code, now)
    if user.role == "agency_focal_point" and user.agency is not None:
        tasks.delegations = delegation_tasks(user.agency, now)
    if user.role in ("province_focal_point", "agency_focal_point"):
        tasks.due, tasks.returned = item_tasks(user, now)
    return tasks
