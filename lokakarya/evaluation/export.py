"""Evaluation results as an XLSX workbook: a summary and one row per response (no names)."""

from openpyxl import Workbook
from openpyxl.styles import Font

from lokakarya.core import spreadsheets
from lokakarya.evaluation.answers import QuestionSpec
from lokakarya.evaluation.results import summarise


def workbook_bytes(title: str, questions: list[QuestionSpec],
                   rows: list[tuple[str, int, int | None, str | None]], labels: dict[str, str],
                   kinds: dict[str, str]) -> bytes:
    """The summary is derived from the same rows as the answers sheet (read once). `labels`: the
    sheets' and columns' titles, `kinds`: question kinds in words, both in the user's language."""
    book = Workbook()
    summary = book.active
    summary.title = labels["summary"][:31]
    spreadsheets.append_row(summary, [title])
    summary["A1"].font = Font(bold=True)
    spreadsheets.append_row(summary, [labels["question"], labels["respondents"], labels["average"],
                                      labels["counts"], labels["kind"]])
    for result in summarise(questions, rows):
        counts = "; ".join(f"{label}: {count}" for label, count in result.counts)
        spreadsheets.append_row(summary, [result.text, result.respondents, result.average, counts,
                                          kinds.get(result.kind, result.kind)])
    answers = book.create_sheet(labels["answers"][:31])
    spreadsheets.append_row(answers, [q.text for q in questions])
    by_response: dict[str, dict[int, list[str]]] = {}
    for response_id, question_id, rating, value in rows:
        cell = str(rating) if rating is not None else (value or "")
        by_response.setdefault(response_id, {}).setdefault(question_id, []).append(cell)
    for cells in by_response.values():
        spreadsheets.append_row(answers, [_cell(q, cells.get(q.id, [])) for q in questions])
    return spreadsheets.workbook_bytes(book)


def _cell(question: QuestionSpec, values: list[str]):
    if question.kind == "rating" and values:
        return int(values[0])
    return "; ".join(values)
