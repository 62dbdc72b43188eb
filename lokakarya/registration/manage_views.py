"""The organiser's registrations list: filters, quotas, approval, exports, printable list."""
from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_template,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _

from lokakarya.agencies.labels import kind_labels
from lokakarya.auth.decorators import staff_required
from lokakarya.core.converters import database_id
from lokakarya.core.downloads import CSV, XLSX, attachment, in_pieces
from lokakarya.core.forms import ActionForm
from lokakarya.core.paging import page_number
from lokakarya.core.spreadsheets import csv_stream
from lokakarya.extensions import db
from lokakarya.registration import exports
from lokakarya.registration.forms import RejectForm
from lokakarya.registration.labels import status_labels
from lokakarya.registration.messages import problem_text
from lokakarya.registration.models import Registration
from lokakarya.registration.queries import (
    Filters,
    count_registrations,
    each_registration,
    managed_event,
    quota_tables,
    registration_page,
    status_counts,
)
from lokakarya.registration.services import Refused, approve, reject
from lokakarya.registration.views import bp

PAGE_SIZE = 50


@bp.get("/events/<slug>/registrations")
@staff_required
def manage(slug: str):
    event = managed_event(slug)
    filters = Filters.from_args(request.args)
    provinces, agencies, other_agencies = quota_tables(event)
    shown, page = registration_page(event.id, filters, page_number(request.args), PAGE_SIZE)
    return render_template(
        "registration/manage.html", event=event, filters=filters, registrations=shown, page=page,
        counts=status_counts(event.id),
        province_rows=provinces, agency_rows=agencies, other_agencies=other_agencies,
        statuses=status_labels(), kinds=kind_labels(), form=ActionForm(), reject_form=RejectForm(),
    )


@bp.post("/events/<slug>/registrations/decide")
@staff_required
def decide(slug: str):
    """Approve or reject the ticked registrations (one or many)."""
    event = managed_event(slug)
    form = RejectForm()
    ids = [i for i in map(database_id, request.form.getlist("ids")) if i is not None]
    action = request.form.get("action")
    # Back to the page the organiser was on, with its filters (read as the list reads them).
    back = redirect(url_for("registration.manage", slug=slug, **Filters.from_args(request.form).as_args(),
                            **({"page": number} if (number := page_number(request.form)) > 1 else {})))
    valid = form.validate_on_submit()
    if not valid or action not in ("approve", "reject") or not ids:
        if valid or not form.flash_errors():
            flash(_("Pilih pendaftaran dan tindakannya."), "error")
        return back
    chosen = db.session.execute(
        db.select(Registration).where(Registration.event_id == event.id, Registration.id.in_(ids))
        .order_by(Registration.created_at, Registration.id)
    ).scalars().all()
    try:
        for registration in chosen:
            if action == "approve":
                approve(registration)
            else:
                reject(registration, form.reason.data or "")
    except Refused as refused:
        db.session.rollback()
        flash(_("Tidak ada yang diubah: %(problem)s",
                problem="; ".join(problem_text(p) for p in refused.problems.values())), "error")
        return back
    db.session.commit()
    flash(_("%(count)s pendaftaran diperbarui.", count=len(chosen)))
    return back


def _export(slug: str, codes: bool = True):
    """The event, the filters asked for and the rows they keep, read as they are written out."""
    event = managed_event(slug)
    filters = Filters.from_args(request.args)
    table = exports.rows(each_registration(event.id, filters), show_nip=True, tz=event.timezone, codes=codes)
    return event, filters, table


@bp.get("/events/<slug>/registrations.csv")
@staff_required
def export_csv(slug: str):
    event, _filters, table = _export(slug)
    return attachment(stream_with_context(csv_stream(exports.header(), table)), f"pendaftaran-{event.slug}.csv", CSV)


@bp.get("/events/<slug>/registrations.xlsx")
@staff_required
def export_xlsx(slug: str):
    event, _filters, table = _export(slug)
    return attachment(stream_with_context(exports.to_xlsx(exports.header(), table)),
                      f"pendaftaran-{event.slug}.xlsx", XLSX)


@bp.get("/events/<slug>/registrations/print")
@staff_required
def printable(slug: str):
    """For people only: no code columns."""
    event, filters, table = _export(slug, codes=False)
    return Response(in_pieces(stream_template("registration/print.html", event=event, header=exports.header(codes=False),
                                              table=table, total=count_registrations(event.id, filters))),
                    mimetype="text/html")
