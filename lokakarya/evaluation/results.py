"""Counting answers per question (pure): counts, averages, free texts."""
from dataclasses import dataclass, field

from lokakarya.evaluation.answers import QuestionSpec

RATINGS = ("1", "2", "3", "4", "5")


@dataclass
class QuestionResult:
    question_id: int
    kind: str
    text: str
    respondents: int = 0  # responses that answered this question
    counts: list[tuple[str, int]] = field(default_factory=list)
    average: float | None = None
    texts: list[str] = field(default_factory=list)


def summarise(questions: list[QuestionSpec], answers: list[tuple[str, int, int | None, str | None]]
              ) -> list[QuestionResult]:
    """answers: (response id, question id, rating, value) rows."""
    by_question: dict[int, list[tuple[str, int | None, str | None]]] = {}
    for response_id, question_id, rating, value in answers:
        by_question.setdefault(question_id, []).append((response_id, rating, value))
    results = []
    for q in questions:
        rows = by_question.get(q.id, [])
        result = QuestionResult(q.id, q.kind, q.text, respondents=len({r for r, _x, _y in rows}))
        if q.kind == "rating":
            ratings = [rating for _r, rating, _v in rows if rating is not None]
            result.counts = [(label, sum(1 for x in ratings if str(x) == label)) for label in RATINGS]
            result.average = round(sum(ratings) / len(ratings), 2) if ratings else None
        elif q.kind in ("single", "multiple"):
            values = [value for _r, _x, value in rows]
            result.counts = [(choice, values.count(choice)) for choice in q.choices]
        else:
            result.texts = [value for _r, _x, value in rows if value]
        results.append(result)
    return results
