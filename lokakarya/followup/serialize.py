"""JSON shapes of the follow-up API (plain dicts; timestamps ISO 8601 with offset)."""
from datetime import datetime

from flask import url_for

from lokakarya.followup.models import ActionItem, ActionUpdate, Issue, Submission
from lokakarya.followup.rules import item_overdue


def issue_json(issue: Issue) -> dict:
    return {"id": issue.id, "event_id": issue.event_id, "province_code": issue.province_code,
            "agency_id": issue.agency_id, "category": issue.category, "description": issue.description,
            "created_at": issue.created_at.isoformat()}


def item_json(item: ActionItem, now: datetime) -> dict:
    return {
        "id": item.id, "event": item.event.slug, "kind": item.kind, "province_code": item.province_code,
        "agency_id": item.agency_id, "category": item.category, "title": item.title,
        "description": item.description, "expected_output": item.expected_output,
        "due_date": item.due_date.isoformat(), "status": item.status, "verification": item.verification,
        "progress": item.progress, "issue_ids": [i.id for i in item.issues],
        "overdue": item_overdue(item, now),
        "updated_at": item.updated_at.isoformat(),
    }


def update_json(update: ActionUpdate) -> dict:
    return {
        "id": update.id, "action_item_id": update.action_item_id, "created_at": update.created_at.isoformat(),
        "author_id": update.author_id, "note": update.note, "progress": update.progress,
        "status": update.status, "evidence_url": update.evidence_url or None,
        "evidence_file": url_for("followup.evidence", update_id=update.id, _external=False)
        if update.evidence_path else None,
    }


def submission_json(code: str, name: str, submission: Submission | None) -> dict:
    return {"province_code": code, "province": name,
            "state": submission.state if submission else "none",
            "submitted_at": submission.submitted_at.isoformat() if submission and submission.submitted_at else None,
            "return_comment": (submission.return_comment or None) if submission else None}
