"""A province's submission page: issues and commitments, submit, return (organisers)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from lokakarya.auth.decorators import roles_required, staff_required
from lokakarya.core.lookup import or_404
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.followup.access import can_edit_submission, is_organiser
from lokakarya.followup.messages import message, messages
from lokakarya.followup.models import ActionItem, Issue
from lokakarya.followup.queries import agencies_for
from lokakarya.followup.rounds import round_for
from lokakarya.followup.submissions import (
    accept_submission,
    contents,
    delete_issue,
    delete_item,
    editable,
    new_commitment,
    return_submission,
    save_issue,
    save_item,
    submission_for,
    submit,
)
from lokakarya.followup.views import actor, bp, event_or_404, saved
from lokakarya.regions.models import Province


def _submission_or_403(slug: str, code: str):
    event = event_or_404(slug)
    if db.session.get(Province, code) is None:
        abort(404)
    if not can_edit_submission(actor(), code):
        abort(403)
    submission = submission_for(event, code)
    if submission is None and not is_organiser(actor()):
        abort(404)  # no round for this province (yet)
    return event, submission


def _back(slug: str, code: str):
    return redirect(url_for("followup.submission", slug=slug, code=code))


def _form_data() -> dict:
    data = request.form.to_dict()
    data["issue_ids"] = request.form.getlist("issue_ids")
    return data


@bp.get("/events/<slug>/follow-up/provinces/<code>")
@roles_required("province_focal_point", "organiser")
def submission(slug: str, code: str):
    event, sub = _submission_or_403(slug, code)
    return _submission_page(event, sub, code)


def _submission_page(event, sub, code: str, failed: str = "", problems: dict[str, str] | None = None):
    """The page; after a refused form (`failed`: "issue" or "commitment") that form is open
    again with what was typed and each message beside its field (422)."""
    issues, items = contents(event, code)
    page = render_template(
        "followup/submission.html", event=event, submission=sub, round=round_for(event),
        province=db.session.get(Province, code), issues=issues, items=items,
        can_edit=editable(sub, actor()), agencies=agencies_for([code]),
        failed=failed, typed=_form_data() if failed else {}, errors=messages(problems or {}),
    )
    return (page, 422) if failed else page


def _refuse_if_locked(sub) -> bool:
    if not editable(sub, actor()):
        flash(message("locked"), "error")
        return True
    return False


@bp.post("/events/<slug>/follow-up/provinces/<code>/issues")
@roles_required("province_focal_point", "organiser")
def add_issue(slug: str, code: str):
    event, sub = _submission_or_403(slug, code)
    if not _refuse_if_locked(sub):
        result = save_issue(None, event, code, _form_data(), actor())
        if isinstance(result, dict):
            return _submission_page(event, sub, code, "issue", result)
        saved(result, _("Permasalahan disimpan."))
    return _back(slug, code)


@bp.post("/events/<slug>/follow-up/provinces/<code>/commitments")
@roles_required("province_focal_point", "organiser")
def add_commitment(slug: str, code: str):
    event, sub = _submission_or_403(slug, code)
    if not _refuse_if_locked(sub):
        result = new_commitment(event, code, sub, _form_data(), actor())
        if isinstance(result, dict):
            return _submission_page(event, sub, code, "commitment", result)
        saved(result, _("Komitmen disimpan."))
    return _back(slug, code)


@bp.post("/events/<slug>/follow-up/provinces/<code>/submit")
@roles_required("province_focal_point", "organiser")
def submit_view(slug: str, code: str):
    event, sub = _submission_or_403(slug, code)
    if sub is None:
        flash(message("no_round"), "error")
        return _back(slug, code)
    saved(submit(sub, actor()), _("Kiriman provinsi telah dikirim ke penyelenggara."))
    return _back(slug, code)


@bp.post("/events/<slug>/follow-up/provinces/<code>/return")
@staff_required
def return_view(slug: str, code: str):
    event, sub = _submission_or_403(slug, code)
    if sub is None:
        abort(404)
    saved(return_submission(sub, request.form.get("comment", ""), actor()),
          _("Kiriman dikembalikan kepada provinsi dengan catatan."))
    return _back(slug, code)


@bp.post("/events/<slug>/follow-up/provinces/<code>/accept")
@staff_required
def accept_view(slug: str, code: str):
    event, sub = _submission_or_403(slug, code)
    if sub is None:
        abort(404)
    saved(accept_submission(sub, actor()), _("Kiriman diterima."))
    return _back(slug, code)


def _entry_or_403(model, entry_id: int):
    entry = db.session.get(model, entry_id)
    if entry is None or entry.province_code is None and not is_organiser(actor()):
        abort(404)
    if not can_edit_submission(actor(), entry.province_code or ""):
        abort(403)
    event = entry.event if isinstance(entry, ActionItem) else or_404(db.session.get(Event, entry.event_id))
    return entry, event


def _entry_locked(entry, event) -> bool:
    if entry.province_code is None:
        return False
    return _refuse_if_locked(submission_for(event, entry.province_code))


@bp.route("/follow-up/issues/<int:issue_id>/edit", methods=["GET", "POST"])
@login_required
def edit_issue(issue_id: int):
    issue, event = _entry_or_403(Issue, issue_id)
    problems: dict[str, str] = {}
    if request.method == "POST" and not _entry_locked(issue, event):
        result = save_issue(issue, event, issue.province_code, _form_data(), actor())
        if not isinstance(result, dict):
            db.session.commit()
            flash(_("Permasalahan disimpan."), "success")
            return _back(event.slug, issue.province_code) if issue.province_code else redirect(
                url_for("followup.event_dashboard", slug=event.slug))
        problems = result
    return render_template("followup/edit_issue.html", issue=issue, event=event, errors=messages(problems),
                           values=_form_data() if problems else {},
                           agencies=agencies_for([issue.province_code] if issue.province_code else [],
                                                 central=issue.province_code is None)), (422 if problems else 200)


@bp.post("/follow-up/issues/<int:issue_id>/delete")
@login_required
def delete_issue_view(issue_id: int):
    issue, event = _entry_or_403(Issue, issue_id)
    code = issue.province_code
    if not _entry_locked(issue, event):
        delete_issue(issue, actor())
        db.session.commit()
        flash(_("Permasalahan dihapus."), "success")
    return _back(event.slug, code) if code else redirect(url_for("followup.event_dashboard", slug=event.slug))


@bp.route("/follow-up/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(item_id: int):
    item, event = _entry_or_403(ActionItem, item_id)
    if item.kind == "recommendation" and not is_organiser(actor()):
        abort(403)
    problems: dict[str, str] = {}
    if request.method == "POST" and not (item.kind == "commitment" and _entry_locked(item, event)):
        result = save_item(item, event, item.province_code, item.kind, _form_data(), actor(),
                           tracked=item.tracked)
        if not isinstance(result, dict):
            db.session.commit()
            flash(_("Butir tindak lanjut disimpan."), "success")
            return redirect(url_for("followup.item", item_id=item.id))
        problems = result
    issues = db.session.execute(db.select(Issue).where(
        Issue.event_id == event.id, Issue.province_code == item.province_code).order_by(Issue.id)).scalars().all()
    return render_template("followup/edit_item.html", item=item, event=event, errors=messages(problems),
                           values=_form_data() if problems else {},
                           agencies=agencies_for([item.province_code] if item.province_code else [],
                                                 central=True),
                           issues=issues), (422 if problems else 200)


@bp.post("/follow-up/items/<int:item_id>/delete")
@login_required
def delete_item_view(item_id: int):
    item, event = _entry_or_403(ActionItem, item_id)
    if item.kind == "recommendation" and not is_organiser(actor()):
        abort(403)
    code = item.province_code
    if not (item.kind == "commitment" and _entry_locked(item, event)):
        delete_item(item, actor())
        db.session.commit()
        flash(_("Butir tindak lanjut dihapus."), "success")
    return _back(event.slug, code) if code else redirect(url_for("followup.event_dashboard", slug=event.slug))
