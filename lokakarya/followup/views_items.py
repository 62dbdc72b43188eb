"""Action items: the dashboard across events, lists, one item with its updates and history,
progress reports, verification, evidence files and a province's page."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lokakarya.auth.decorators import roles_required, staff_required
from lokakarya.core.converters import database_id
from lokakarya.core.downloads import stored_file
from lokakarya.core.lookup import or_404
from lokakarya.events.models import Event
from lokakarya.extensions import db
from lokakarya.followup import dashboard as dashboards
from lokakarya.followup import uploads
from lokakarya.followup.access import FOLLOWUP_ROLES, can_report_on, can_see_item, is_organiser, sees_province
from lokakarya.followup.history import history, told
from lokakarya.followup.messages import messages
from lokakarya.followup.models import ActionUpdate
from lokakarya.followup.queries import Filters, all_items, item_by_id, item_page
from lokakarya.followup.tracking import post_update, verify
from lokakarya.followup.views import actor, bp, saved
from lokakarya.regions.models import Province
from lokakarya.regions.zones import GROUPS
from lokakarya.timeutil import now_utc

PAGE_SIZE = 50


def _filter_choices():
    """Events and provinces for the filter form (two statements)."""
    events = db.session.execute(db.select(Event.id, Event.title).order_by(Event.id.desc())).all()
    provinces = db.session.execute(db.select(Province.code, Province.name).order_by(Province.code)).all()
    return events, provinces


def _filters() -> Filters:
    event = request.args.get("event", "")
    return Filters.from_args(request.args, event_id=database_id(event))


@bp.get("/follow-up/")
@roles_required(*FOLLOWUP_ROLES)
def dashboard():
    filters = _filters()
    events, provinces = _filter_choices()
    return render_template("followup/dashboard.html", figures=dashboards.build(actor(), filters, now_utc()),
                           filters=filters, events=events, provinces=provinces, groups=GROUPS)


@bp.get("/follow-up/items")
@roles_required(*FOLLOWUP_ROLES)
def items():
    filters = _filters()
    page = max(database_id(request.args.get("page")) or 1, 1)
    now = now_utc()
    found, total = item_page(actor(), filters, now, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    events, provinces = _filter_choices()
    return render_template("followup/items.html", items=found, total=total, page=page, page_size=PAGE_SIZE,
                           filters=filters, events=events, provinces=provinces, groups=GROUPS)


def _item_or_403(item_id: int):
    item = or_404(item_by_id(item_id))
    if not can_see_item(actor(), item):
        abort(403)
    return item


@bp.get("/follow-up/items/<int:item_id>")
@roles_required(*FOLLOWUP_ROLES)
def item(item_id: int):
    return _item_page(_item_or_403(item_id))


def _item_page(found, problems: dict[str, str] | None = None):
    """The item; after a refused progress report the form again holds what was typed (but the
    file, which browsers never refill) with each message beside its field (422)."""
    page = render_template("followup/item.html", item=found,
                           history=told(history("ActionItem", found.id)), can_report=can_report_on(actor(), found),
                           organiser=is_organiser(actor()), errors=messages(problems or {}),
                           values=request.form if problems else {})
    return (page, 422) if problems else page


@bp.post("/follow-up/items/<int:item_id>/updates")
@roles_required(*FOLLOWUP_ROLES)
def post_update_view(item_id: int):
    found = _item_or_403(item_id)
    if not can_report_on(actor(), found):
        abort(403)
    upload = request.files.get("evidence_file")
    data = uploads.read_limited(upload.stream) if upload and upload.filename else None
    result = post_update(found, actor(), note=request.form.get("note", ""),
                         progress=request.form.get("progress"), status=request.form.get("status") or None,
                         evidence_url=request.form.get("evidence_url", ""), upload=data,
                         upload_name=upload.filename if upload else "")
    if isinstance(result, dict):
        return _item_page(found, result)
    saved(result, _("Laporan kemajuan disimpan."))
    return redirect(url_for(".item", item_id=item_id))


@bp.post("/follow-up/items/<int:item_id>/verify")
@staff_required
def verify_view(item_id: int):
    found = _item_or_403(item_id)
    accept = request.form.get("decision") == "verify"
    result = verify(found, actor(), accept, request.form.get("reason", ""))
    saved(result, _("Butir diverifikasi selesai.") if accept else _("Butir dikembalikan kepada pemiliknya."))
    return redirect(url_for(".item", item_id=item_id))


@bp.get("/follow-up/updates/<int:update_id>/evidence")
@roles_required(*FOLLOWUP_ROLES)
def evidence(update_id: int):
    update = db.session.get(ActionUpdate, update_id)
    if update is None or not update.evidence_path:
        abort(404)
    if not can_see_item(actor(), update.item):
        abort(403)
    return stored_file(or_404(uploads.stored_path(update.evidence_path)), update.evidence_type,
                       update.evidence_name)


@bp.get("/follow-up/provinces/<code>")
@roles_required(*FOLLOWUP_ROLES)
def province(code: str):
    found = or_404(db.session.get(Province, code))
    if not sees_province(actor(), code):
        abort(403)
    now = now_utc()
    filters = Filters(province_code=code)
    rows = all_items(actor(), filters, now, with_updates=False)  # the page lists no updates
    by_event: dict[int, list] = {}
    for row in rows:
        by_event.setdefault(row.event_id, []).append(row)
    return render_template("followup/province.html", province=found, by_event=by_event,
                           figures=dashboards.build(actor(), filters, now))
