"""Exports (CSV, XLSX) of the action items the viewer may see, and the per-event report."""
from flask import render_template
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from lokakarya.auth.decorators import roles_required, staff_required
from lokakarya.core.downloads import PDF, XLSX, attachment
from lokakarya.extensions import db
from lokakarya.followup import dashboard as dashboards
from lokakarya.followup import reports
from lokakarya.followup.access import FOLLOWUP_ROLES
from lokakarya.followup.models import HANDED_IN, Issue
from lokakarya.followup.queries import Filters, all_items
from lokakarya.followup.rounds import submissions_of
from lokakarya.followup.views import actor, bp, event_or_404
from lokakarya.followup.views_items import _filters
from lokakarya.timeutil import now_utc


@bp.get("/follow-up/export.csv")
@roles_required(*FOLLOWUP_ROLES)
def export_csv():
    now = now_utc()
    data = reports.to_csv(all_items(actor(), _filters(), now), now)
    return attachment(data, "tindak-lanjut.csv", "text/csv; charset=utf-8")


@bp.get("/follow-up/export.xlsx")
@roles_required(*FOLLOWUP_ROLES)
def export_xlsx():
    now = now_utc()
    data = reports.to_xlsx(all_items(actor(), _filters(), now), now)
    return attachment(data, "tindak-lanjut.xlsx", XLSX)


def _report_data(slug: str):
    event = event_or_404(slug)
    now = now_utc()
    filters = Filters(event_id=event.id)
    items = _by_province(all_items(actor(), filters, now))
    issues = _by_province(db.session.execute(db.select(Issue).where(Issue.event_id == event.id).options(
        joinedload(Issue.agency)).order_by(Issue.province_code, Issue.id)).scalars())
    names = {p.province_code: p.province.name for p in event.invited}
    codes = sorted(set(names) | (items.keys() - {None}))
    sections = [(code, names.get(code, code), items.get(code, []), issues.get(code, [])) for code in codes]
    return event, now, sections, issues.get(None, []), items.get(None, []), dashboards.build(actor(), filters, now)


def _by_province(rows) -> dict[str | None, list]:
    """Items or issues by province code (None: central ones), in their order."""
    grouped: dict[str | None, list] = {}
    for row in rows:
        grouped.setdefault(row.province_code, []).append(row)
    return grouped


@bp.get("/events/<slug>/follow-up/report")
@staff_required
def report(slug: str):
    event, now, sections, general, central, figures = _report_data(slug)
    return render_template("followup/report.html", event=event, sections=sections, general=general,
                           central=central, figures=figures, now=now,
                           submissions={s.province_code: s for s in submissions_of(event)})


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
         str(sum(1 for s in submissions_of(event) if s.state in HANDED_IN))),
    ]
    parts = [(f"{name} ({code})", items, issues) for code, name, items, issues in sections]
    if general or central:
        parts.insert(0, (_("Umum dan pusat"), central, general))
    labels = {"report": _("Laporan Tindak Lanjut"), "issues": _("Permasalahan"),
              "items": _("Komitmen dan rekomendasi"), "overdue": _("TERLAMBAT"), "due": _("target")}
    data = reports.to_pdf(event.title, summary, parts, now, labels)
    return attachment(data, f"laporan-tindak-lanjut-{event.slug}.pdf", PDF)
