"""Action items after submission: progress updates, status rules, verification, recommendations,
organiser edits. Every change is audited on the item, which is its history."""
from flask_babel import gettext as _

from lokakarya.agencies.models import Agency
from lokakarya.audit.services import record, snapshot
from lokakarya.auth.models import User
from lokakarya.core.converters import database_id
from lokakarya.core.text import has_forbidden_characters
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.followup import uploads
from lokakarya.followup.access import is_organiser
from lokakarya.followup.models import KINDS, ActionItem, ActionUpdate
from lokakarya.followup.rules import Change, status_change, verification_change
from lokakarya.followup.submissions import ITEM_FIELDS, save_item
from lokakarya.followup.validate import is_http_url, parse_progress, text_problems
from lokakarya.regions.models import Province

TRACKED_FIELDS = ("status", "progress", "verification", "verification_note")


def _apply(item: ActionItem, change: Change) -> None:
    item.status, item.verification = change.status, change.verification


def post_update(item: ActionItem, actor: User, note: str = "", progress=None, status: str | None = None,
                evidence_url: str = "", upload: bytes | None = None, upload_name: str = ""
                ) -> ActionUpdate | dict[str, str]:
    """A progress report; a status in it follows the status rules ("done" awaits verification)."""
    problems = text_problems({"note": note, "evidence_url": evidence_url}, ("note", "evidence_url"))
    note = (note or "").strip()
    evidence_url = (evidence_url or "").strip()
    percent = parse_progress(progress)
    if percent == "bad_progress":
        problems["progress"] = "bad_progress"
    change = None
    if status:
        change = status_change(item.status, item.verification, status, is_organiser(actor))
        if isinstance(change, str):
            problems["status"] = change
    if evidence_url and "evidence_url" not in problems and not is_http_url(evidence_url):
        problems["evidence_url"] = "bad_url"
    sniffed = None
    if upload and has_forbidden_characters(upload_name or ""):
        problems["evidence_file"] = "file_name"
    elif upload:
        sniffed = uploads.check(upload)
        if isinstance(sniffed, str):
            problems["evidence_file"] = sniffed
    if not problems and not (note or percent is not None or status or evidence_url or upload):
        problems["note"] = "empty_update"
    if problems:
        return problems
    before = snapshot(item, TRACKED_FIELDS)
    update = ActionUpdate(item=item, author_id=actor.id, note=note, progress=percent,
                          status=status or None, evidence_url=evidence_url)
    if upload and sniffed:
        content_type, extension = sniffed
        update.evidence_path = uploads.store(upload, extension)
        update.evidence_name = (upload_name or f"bukti.{extension}")[-200:]
        update.evidence_type = content_type
    if percent is not None:
        item.progress = percent
    if change is not None:
        _apply(item, change)
        if change.status == "done" and change.verification == "verified":
            item.progress = 100
    db.session.add(update)
    db.session.flush()
    record("followup.progress", item, before=before, after=snapshot(item, TRACKED_FIELDS) | {
        "update_id": update.id, "note": note, "evidence_url": evidence_url,
        "evidence_file": update.evidence_name,
    }, actor=actor)
    return update


def verify(item: ActionItem, actor: User, accept: bool, reason: str = "") -> ActionItem | dict[str, str]:
    """The organiser's verification of a claimed "done" (a reason is needed to return it)."""
    change = verification_change(item.status, item.verification, accept)
    if isinstance(change, str):
        return {"verification": change}
    if not accept and not (reason or "").strip():
        return {"reason": "required"}
    problems = text_problems({"reason": reason}, ("reason",))
    if problems:
        return problems
    before = snapshot(item, TRACKED_FIELDS)
    _apply(item, change)
    item.verification_note = (reason or "").strip()
    if accept:
        item.progress = 100
    db.session.flush()
    record("followup.verify" if accept else "followup.verify_return", item, before=before,
           after=snapshot(item, TRACKED_FIELDS), actor=actor)
    return item


def add_recommendation(event: Event, data: dict, actor: User) -> ActionItem | dict[str, str]:
    """Owned by a province, or by an agency (its province follows from the agency)."""
    province_code = data.get("province_code") or None
    if province_code and (has_forbidden_characters(province_code)  # PostgreSQL refuses NUL
                          or db.session.get(Province, province_code) is None):
        return {"province_code": "unknown_province"}  # any province: it need not be invited
    if not province_code and data.get("agency_id") not in (None, ""):
        agency_id = database_id(data["agency_id"])
        agency = db.session.get(Agency, agency_id) if agency_id else None
        province_code = agency.province_code if agency else None
    return save_item(None, event, province_code, "recommendation", data, actor, tracked=True)


def patch_item(item: ActionItem, data: dict, actor: User) -> ActionItem | dict[str, str]:
    """PATCH: organisers change any field; owners only status and progress (by the rules)."""
    organiser = is_organiser(actor)
    editable = set(data) & {"title", "description", "expected_output", "due_date", "agency_id",
                            "category", "issue_ids", "kind"}
    if editable and not organiser:
        return {field: "organiser_only_field" for field in sorted(editable)}
    if "kind" in data and data["kind"] not in KINDS:
        return {"kind": "bad_kind"}
    if not editable and "status" not in data and "progress" not in data:
        return {"body": "required"}
    # Check status and progress before anything is changed, so a refusal changes nothing.
    if parse_progress(data.get("progress")) == "bad_progress":
        return {"progress": "bad_progress"}
    if data.get("status"):
        change = status_change(item.status, item.verification, data["status"], organiser)
        if isinstance(change, str):
            return {"status": change}
    before = snapshot(item, ITEM_FIELDS)
    if editable:
        merged = {"title": item.title, "description": item.description,
                  "expected_output": item.expected_output, "due_date": item.due_date.isoformat(),
                  "agency_id": item.agency_id, "category": item.category,
                  "issue_ids": [i.id for i in item.issues]} | data
        result = save_item(item, item.event, item.province_code, item.kind, merged, actor,
                           tracked=item.tracked)
        if isinstance(result, dict):
            return result
        item.kind = data.get("kind", item.kind)
    if "status" in data or "progress" in data:
        result = post_update(item, actor, note=_("Diubah melalui API"), progress=data.get("progress"),
                             status=data.get("status"))
        if isinstance(result, dict):
            return result
    db.session.flush()
    if editable:
        record("followup.patch", item, before=before, after=snapshot(item, ITEM_FIELDS), actor=actor)
    return item
