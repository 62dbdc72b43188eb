"""Exports (pure: items in, bytes out): CSV and XLSX of action items with their updates, and
the "Laporan Tindak Lanjut" PDF. Read by people: headers, kinds, categories and statuses in the
user's language, update times in the event's zone with its label; the codes follow in columns of
their own at the end, for whoever matches by them."""
from datetime import datetime

from flask_babel import gettext as _

from lokakarya.core.pdf import Pdf
from lokakarya.core.spreadsheets import append_row, csv_bytes, workbook_bytes
from lokakarya.followup.labels import CATEGORY_LABELS, KIND_LABELS, STATUS_LABELS, VERIFICATION_LABELS, label
from lokakarya.followup.models import ActionItem
from lokakarya.followup.rules import item_overdue
from lokakarya.timeutil import to_zone, zone_label


def item_header() -> list[str]:
    return [_("ID"), _("Judul acara"), _("Jenis"), _("Provinsi"), _("Nama instansi"), _("Kategori"), _("Judul"), _("Uraian"),
            _("Keluaran yang diharapkan"), _("Target"), _("Status"), _("Verifikasi"), _("Kemajuan (%)"),
            _("Terlambat"), _("Permasalahan terkait (ID)"), _("Kode acara"), _("Kode jenis"),
            _("Kode provinsi"), _("Kode kategori"), _("Kode status"), _("Kode verifikasi")]


def update_header() -> list[str]:
    return [_("ID pembaruan"), _("Waktu pembaruan"), _("Pembaruan oleh"), _("Catatan pembaruan"),
            _("Kemajuan pembaruan (%)"), _("Status pembaruan"), _("Bukti"), _("Kode status pembaruan")]


class _Words:
    """The labels of one export, translated once (a lazy string costs a look-up each time)."""

    def __init__(self):
        self.kinds, self.categories, self.statuses, self.verifications = (
            {k: str(v) for k, v in labels.items()}
            for labels in (KIND_LABELS, CATEGORY_LABELS, STATUS_LABELS, VERIFICATION_LABELS))
        self.yes, self.no = _("Ya"), _("Tidak")


def item_row(item: ActionItem, now: datetime, words: _Words) -> list:
    return [
        item.id, item.event.title, label(words.kinds, item.kind), item.province.name if item.province else "",
        item.agency.name if item.agency else "", label(words.categories, item.category), item.title,
        item.description, item.expected_output, item.due_date.isoformat(), label(words.statuses, item.status),
        label(words.verifications, item.verification) if item.verification else "", item.progress,
        words.yes if item_overdue(item, now) else words.no, " ".join(str(i.id) for i in item.issues),
        item.event.slug, item.kind, item.province_code or "", item.category, item.status, item.verification or "",
    ]


def update_row(update, tz: str, words: _Words) -> list:
    author = update.author
    when = f"{to_zone(update.created_at, tz):%Y-%m-%d %H:%M} {zone_label(tz)}"
    return [update.id, when, (author.name or author.email) if author else "", update.note,
            "" if update.progress is None else update.progress,
            label(words.statuses, update.status) if update.status else "",
            update.evidence_url or update.evidence_name, update.status or ""]


def to_csv(items: list[ActionItem], now: datetime) -> bytes:
    """One line per update (an item without updates has one line with empty update columns)."""
    words, empty = _Words(), [""] * len(update_header())
    rows = (item_row(item, now, words) + (update_row(update, item.event.timezone, words) if update else empty)
            for item in items for update in item.updates or [None])
    return csv_bytes(item_header() + update_header(), rows)


def to_xlsx(items: list[ActionItem], now: datetime) -> bytes:
    from openpyxl import Workbook

    words = _Words()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Butir tindak lanjut")[:31]
    append_row(sheet, item_header())
    updates = book.create_sheet(_("Pembaruan")[:31])
    append_row(updates, [_("ID butir")] + update_header())
    for item in items:
        append_row(sheet, item_row(item, now, words))
        for update in item.updates:
            append_row(updates, [item.id] + update_row(update, item.event.timezone, words))
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
            for update in item.updates[-3:]:  # dated in the event's zone, as the page dates them
                line(f"   {to_zone(update.created_at, item.event.timezone).date().isoformat()}: {update.note}",
                     8, height=4)
            pdf.ln(1)
    return bytes(pdf.output())
