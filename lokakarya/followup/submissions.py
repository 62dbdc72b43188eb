"""A province's submission: issues and commitments, draft → submitted, returned with comments."""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from lokakarya.agencies.models import Agency
from lokakarya.audit.services import record, snapshot
from lokakarya.auth.models import User
from lokakarya.core.converters import database_id
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.followup.access import is_organiser
from lokakarya.followup.models import CATEGORIES, HANDED_IN, ActionItem, Issue, Submission
from lokakarya.followup.validate import parse_date, parse_ids, text_problems
from lokakarya.timeutil import now_utc, to_zone

ISSUE_FIELDS = ("province_code", "agency_id", "category", "description")
ITEM_FIELDS = ("kind", "province_code", "agency_id", "category", "title", "description",
               "expected_output", "due_date", "status", "progress", "verification",
               "verification_note", "tracked")


def submission_for(event: Event, province_code: str) -> Submission | None:
    return db.session.execute(sa.select(Submission).where(
        Submission.event_id == event.id, Submission.province_code == province_code)).scalar_one_or_none()


def editable(submission: Submission | None, user: User) -> bool:
    """Focal points edit drafts and returned submissions; organisers always."""
    if is_organiser(user):
        return True
    return submission is not None and submission.state in ("draft", "returned")


def _agency_ok(agency_id, province_code: str | None) -> bool:
    if agency_id in (None, ""):
        return False
    agency = db.session.get(Agency, database_id(agency_id)) if database_id(agency_id) else None
    return agency is not None and (province_code is None or agency.province_code == province_code)


def issue_problems(data: dict, province_code: str | None) -> dict[str, str]:
    problems = text_problems(data, ("description",))
    if "description" not in problems and not str(data.get("description") or "").strip():
        problems["description"] = "required"
    if data.get("category") not in CATEGORIES:
        problems["category"] = "bad_category"
    if data.get("agency_id") not in (None, "") and not _agency_ok(data.get("agency_id"), province_code):
        problems["agency_id"] = "bad_agency"
    return problems


def save_issue(issue: Issue | None, event: Event, province_code: str | None, data: dict,
               actor: User | None) -> Issue | dict[str, str]:
    problems = issue_problems(data, province_code)
    if problems:
        return problems
    before = snapshot(issue, ISSUE_FIELDS) if issue else None
    if issue is None:
        issue = Issue(event_id=event.id, province_code=province_code,
                      created_by_id=actor.id if actor else None)
        db.session.add(issue)
    issue.category = data["category"]
    issue.description = str(data["description"]).strip()
    issue.agency_id = int(data["agency_id"]) if data.get("agency_id") not in (None, "") else None
    db.session.flush()
    record("followup.issue_" + ("update" if before else "create"), issue, before=before,
           after=snapshot(issue, ISSUE_FIELDS), actor=actor)
    return issue


def delete_issue(issue: Issue, actor: User | None) -> None:
    record("followup.issue_delete", issue, before=snapshot(issue, ISSUE_FIELDS), actor=actor)
    db.session.delete(issue)
    db.session.flush()


LATEST_DUE_DATE = date(2100, 12, 31)


def event_first_day(event: Event) -> date | None:
    """The event's first day in its own zone (None for an event without sessions)."""
    first = db.session.execute(sa.select(sa.func.min(EventSession.starts_at))
                               .where(EventSession.event_id == event.id)).scalar()
    return to_zone(first, event.timezone).date() if first else None


def due_date_problem(due: date, event: Event) -> str | None:
    """A target within sense: not before the event that gave rise to it (a commitment due in
    1900 is a typing slip), and not past 2100."""
    first = event_first_day(event)
    if due < (first or date(2000, 1, 1)):
        return "due_before_event"
    if due > LATEST_DUE_DATE:
        return "due_too_late"
    return None


def item_problems(data: dict, province_code: str | None, event: Event) -> dict[str, str]:
    problems = text_problems(data, ("title", "description", "expected_output"))
    if "title" not in problems and not str(data.get("title") or "").strip():
        problems["title"] = "required"
    due = parse_date(data.get("due_date"))
    if due is None:
        problems["due_date"] = "bad_date"
    else:
        problem = due_date_problem(due, event)
        if problem:
            problems["due_date"] = problem
    if data.get("agency_id") in (None, ""):
        problems["agency_id"] = "required"
    elif not _agency_ok(data.get("agency_id"), province_code):
        problems["agency_id"] = "bad_agency"
    if data.get("category") not in (None, "") and data.get("category") not in CATEGORIES:
        problems["category"] = "bad_category"
    ids = parse_ids(data.get("issue_ids"))
    if ids is None:
        problems["issue_ids"] = "bad_issue_list"
    elif ids:
        found = db.session.execute(sa.select(sa.func.count(Issue.id)).where(
            Issue.id.in_(ids), Issue.event_id == event.id,
            Issue.province_code == province_code if province_code else sa.true(),
        )).scalar_one()
        if found != len(set(ids)):
            problems["issue_ids"] = "bad_issue"
    return problems


def save_item(item: ActionItem | None, event: Event, province_code: str | None, kind: str, data: dict,
              actor: User | None, tracked: bool = False) -> ActionItem | dict[str, str]:
    """Create or edit a commitment or recommendation (not its status: see tracking)."""
    problems = item_problems(data, province_code, event)
    if problems:
        return problems
    before = snapshot(item, ITEM_FIELDS) if item else None
    ids = sorted(set(parse_ids(data.get("issue_ids")) or []))
    issues = list(db.session.execute(sa.select(Issue).where(Issue.id.in_(ids))).scalars()) if ids else []
    if item is None:
        item = ActionItem(event_id=event.id, kind=kind, province_code=province_code, tracked=tracked,
                          status="open", progress=0, created_by_id=actor.id if actor else None)
        db.session.add(item)
    item.title = str(data["title"]).strip()
    item.description = str(data.get("description") or "").strip()
    item.expected_output = str(data.get("expected_output") or "").strip()
    item.due_date = parse_date(data["due_date"])
    item.agency_id = int(data["agency_id"])
    item.category = data.get("category") or (issues[0].category if issues else "lainnya")
    item.issues = issues
    db.session.flush()
    after = snapshot(item, ITEM_FIELDS) | {"issue_ids": ids}
    record(f"followup.{kind}_" + ("update" if before else "create"), item, before=before, after=after,
           actor=actor)
    return item


def new_commitment(event: Event, province_code: str, submission: Submission | None, data: dict,
                   actor: User | None) -> ActionItem | dict[str, str]:
    """A commitment counts (is tracked) at once when its province has already submitted, as
    when an organiser adds one afterwards; otherwise from the submission on."""
    return save_item(None, event, province_code, "commitment", data, actor,
                     tracked=submission is not None and submission.state in HANDED_IN)


def delete_item(item: ActionItem, actor: User | None) -> None:
    record("followup.item_delete", item, before=snapshot(item, ITEM_FIELDS), actor=actor)
    db.session.delete(item)
    db.session.flush()


def contents(event: Event, province_code: str) -> tuple[list[Issue], list[ActionItem]]:
    issues = db.session.execute(sa.select(Issue).where(
        Issue.event_id == event.id, Issue.province_code == province_code
    ).options(joinedload(Issue.agency)).order_by(Issue.id)).scalars().all()
    items = db.session.execute(sa.select(ActionItem).where(
        ActionItem.event_id == event.id, ActionItem.province_code == province_code,
        ActionItem.kind == "commitment",
    ).options(joinedload(ActionItem.agency), selectinload(ActionItem.issues)).order_by(ActionItem.id)
    ).scalars().all()
    return list(issues), list(items)


def submit(submission: Submission, actor: User | None) -> Submission | str:
    if submission.state in HANDED_IN:
        return "already_submitted"
    issues, items = contents(submission_event(submission), submission.province_code)
    if not issues and not items:
        return "empty_submission"
    before = snapshot(submission, ("state", "return_comment"))
    submission.state = "submitted"
    submission.submitted_at = now_utc()
    for item in items:
        item.tracked = True
    db.session.flush()
    record("followup.submit", submission, before=before,
           after={"state": "submitted", "issues": len(issues), "commitments": len(items)}, actor=actor)
    return submission


def return_submission(submission: Submission, comment: str, actor: User | None) -> Submission | str:
    if submission.state != "submitted":
        return "not_submitted"
    if not (comment or "").strip():
        return "required"
    problem = text_problems({"comment": comment}, ("comment",))
    if problem:
        return problem["comment"]
    before = snapshot(submission, ("state", "return_comment"))
    submission.state = "returned"
    submission.return_comment = comment.strip()
    db.session.flush()
    record("followup.return", submission, before=before,
           after=snapshot(submission, ("state", "return_comment")), actor=actor)
    return submission


def accept_submission(submission: Submission, actor: User | None) -> Submission | str:
    """The organiser has read the submission and takes it as it is (no more changes asked)."""
    if submission.state != "submitted":
        return "not_submitted"
    before = snapshot(submission, ("state", "return_comment"))
    submission.state = "accepted"
    db.session.flush()
    record("followup.accept", submission, before=before, after={"state": "accepted"}, actor=actor)
    return submission


def submission_event(submission: Submission) -> Event:
    return db.session.get(Event, submission.event_id)
