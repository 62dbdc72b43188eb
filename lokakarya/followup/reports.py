"""Exports (pure: items in, bytes out): CSV and XLSX of action items with their updates, and
the "Laporan Tindak Lanjut" PDF."""
from datetime import datetime

from lokakarya.core.pdf import Pdf
from lokakarya.core.spreadsheets import append_row, csv_bytes, workbook_bytes
from lokakarya.followup.labels import CATEGORY_LABELS, KIND_LABELS, STATUS_LABELS, VERIFICATION_LABELS, label
from lokakarya.followup.models import ActionItem
from lokakarya.followup.rules import item_overdue

ITEM_HEADER = ["id", "event", "kind", "province_code", "province", "agency", "category", "title",
               "description", "expected_output", "due_date", "status", "verification", "progress",
               "overdue", "issue_ids"]
UPDATE_HEADER = ["update_id", "update_at", "update_by", "update_note", "update_progress", "update_status",
                 "update_evidence"]


def item_row(item: ActionItem, now: datetime) -> list:
    return [
        item.id, item.event.slug, item.kind, item.province_code or "",
        item.province.name if item.province else "", item.agency.name if item.agency else "",
        item.category, item.title, item.description, item.expected_output, item.due_date.isoformat(),
        item.status, item.verification or "", item.progress,
        "yes" if item_overdue(item, now) else "no",
        " ".join(str(i.id) for i in item.issues),
    ]


def update_row(update) -> list:
    evidence = update.evidence_url or (f"file:{update.evidence_name}" if update.evidence_path else "")
    return [update.id, update.created_at.isoformat(), update.author.email if update.author else "",
            update.note, "" if update.progress is None else update.progress, update.status or "", evidence]


def to_csv(items: list[ActionItem], now: datetime) -> bytes:
    """One line per update (an item without updates has one line with empty update columns)."""
    rows = (item_row(item, now) + (update_row(update) if update else [""] * len(UPDATE_HEADER))
            for item in items for update in item.updates or [None])
    return csv_bytes(ITEM_HEADER + UPDATE_HEADER, rows)


def to_xlsx(items: list[ActionItem], now: datetime) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "action_items"
    append_row(sheet, ITEM_HEADER)
    updates = book.create_sheet("updates")
    append_row(updates, ["action_item_id"] + UPDATE_HEADER)
    for item in items:
        append_row(sheet, item_row(item, now))
        for update in item.updates:
            append_row(updates, [item.id] + update_row(update))
    return workbook_bytes(book)


def to_pdf(title: str, summary: list[tuple[str, str]], sections: list[tuple[str, list[ActionItem], list]],
           now: datetime, labels: dict[str, str]) -> bytes:
    """Summary lines, then one section per province with its issues and items."""
    pdf = Pdf()

    def line(value: str, size: int = 10, bold: bool = False, height: float = 5) -> None:
        pdf.font(size, bold)
        pdf.multi_cell(0, height, value, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    line(labels["report"], 16, True, 8)
    line(title, 12, True, 6)
    pdf.ln(2)
    for name, value in summary:
        line(f"{name}: {value}")
    for heading, items, issues in sections:
        pdf.add_page()
        line(heading, 14, True, 7)
        if issues:
            line(labels["issues"], 11, True, 6)
            for issue in issues:
                line(f"• [{label(CATEGORY_LABELS, issue.category)}] {issue.description}")
        line(labels["items"], 11, True, 6)
        for item in items:
            late = f" · {labels['overdue']}" if item_overdue(item, now) else ""
            status = label(STATUS_LABELS, item.status)
            if item.verification:
                status += f" ({label(VERIFICATION_LABELS, item.verification)})"
            line(f"{label(KIND_LABELS, item.kind)}: {item.title}", 10, True)
            line(f"{item.agency.name if item.agency else '-'} · {labels['due']} {item.due_date.isoformat()} · "
                 f"{status} · {item.progress}%{late}", 9)
            for update in item.updates[-3:]:
                line(f"   {update.created_at.date().isoformat()}: {update.note}", 8, height=4)
            pdf.ln(1)
    return bytes(pdf.output())
