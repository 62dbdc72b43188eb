"""Exports (CSV, XLSX) of the action items the viewer may see, and the per-event report."""
from flask import Response, render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from lokakarya.auth.decorators import roles_required, staff_required
from lokakarya.extensions import db
from lokakarya.followup import dashboard as dashboards
from lokakarya.followup import reports
from lokakarya.followup.access import FOLLOWUP_ROLES
from lokakarya.followup.models import Issue
from lokakarya.followup.queries import Filters, items_with_updates
from lokakarya.followup.rounds import round_for, submissions_of
from lokakarya.followup.views import actor, bp, event_or_404
from lokakarya.followup.views_items import _filters
from lokakarya.timeutil import now_utc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/follow-up/export.csv")
@roles_required(*FOLLOWUP_ROLES)
def export_csv():
    now = now_utc()
    data = reports.to_csv(items_with_updates(actor(), _filters(), now), now)
    return _download(data, "text/csv; charset=utf-8", "tindak-lanjut.csv")


@bp.get("/follow-up/export.xlsx")
@roles_required(*FOLLOWUP_ROLES)
def export_xlsx():
    now = now_utc()
    data = reports.to_xlsx(items_with_updates(actor(), _filters(), now), now)
    return _download(data, XLSX, "tindak-lanjut.xlsx")


def _report_data(slug: str):
    event = event_or_404(slug)
    now = now_utc()
    filters = Filters(event_id=event.id)
    items = items_with_updates(actor(), filters, now)
    issues = db.session.execute(db.select(Issue).where(Issue.event_id == event.id).options(
        joinedload(Issue.agency)).order_by(Issue.province_code, Issue.id)).scalars().all()
    names = {p.province_code: p.province.name for p in event.invited}
    codes = sorted(set(names) | {i.province_code for i in items if i.province_code})
    sections = []
    for code in codes:
        sections.append((code, names.get(code, code), [i for i in items if i.province_code == code],
                         [i for i in issues if i.province_code == code]))
    general = [i for i in issues if i.province_code is None]
    central = [i for i in items if i.province_code is None]
    return event, now, sections, general, central, dashboards.build(actor(), filters, now)


@bp.get("/events/<slug>/follow-up/report")
@staff_required
def report(slug: str):
    event, now, sections, general, central, figures = _report_data(slug)
    return render_template("followup/report.html", event=event, sections=sections, general=general,
                           central=central, figures=figures, now=now, round=round_for(event),
                           submissions={s.province_code: s for s in submissions_of(event)},
                           print_mode=request.args.get("print") == "1")


@bp.get("/events/<slug>/follow-up/report.pdf")
@staff_required
def report_pdf(slug: str):
    event, now, sections, general, central, figures = _report_data(slug)
    total = figures.total
    summary = [
        (_("Butir tindak lanjut"), str(total.total)),
        (_("Selesai (terverifikasi)"), f"{total.done} ({total.percent_done}%)"),
        (_("Terlambat"), str(total.overdue)),
        (_("Provinsi yang sudah mengirim"),
         str(sum(1 for s in submissions_of(event) if s.state == "submitted"))),
    ]
    parts = [(f"{name} ({code})", items, issues) for code, name, items, issues in sections]
    if general or central:
        parts.insert(0, (_("Umum dan pusat"), central, general))
    labels = {"report": _("Laporan Tindak Lanjut"), "issues": _("Permasalahan"),
              "items": _("Komitmen dan rekomendasi"), "overdue": _("TERLAMBAT"), "due": _("target")}
    data = reports.to_pdf(event.title, summary, parts, now, labels)
    return _download(data, "application/pdf", f"laporan-tindak-lanjut-{event.slug}.pdf")
