"""Reading a participant's answers from a submitted form (pure)."""
from collections.abc import Callable
from dataclasses import dataclass

from lokakarya.core.text import text_problem

MAX_TEXT = 5000


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    kind: str
    text: str
    choices: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class Value:
    question_id: int
    rating: int | None = None
    value: str | None = None


def field_name(question_id: int) -> str:
    return f"q{question_id}"


def parse_answers(questions: list[QuestionSpec], get: Callable[[str], str | None],
                  get_list: Callable[[str], list[str]]) -> tuple[list[Value], dict[int, str]]:
    """Values to store, and question id → problem code (required, rating, choice, too_long,
    forbidden_characters)."""
    values: list[Value] = []
    problems: dict[int, str] = {}
    for q in questions:
        name = field_name(q.id)
        if q.kind == "rating":
            raw = (get(name) or "").strip()
            if not raw:
                if q.required:
                    problems[q.id] = "required"
                continue
            if raw not in {"1", "2", "3", "4", "5"}:
                problems[q.id] = "rating"
                continue
            values.append(Value(q.id, rating=int(raw)))
        elif q.kind in ("single", "multiple"):
            chosen = get_list(name) if q.kind == "multiple" else [c for c in [get(name)] if c]
            chosen = list(dict.fromkeys(c.strip() for c in chosen if c and c.strip()))
            if not chosen:
                if q.required:
                    problems[q.id] = "required"
                continue
            if any(c not in q.choices for c in chosen) or (q.kind == "single" and len(chosen) > 1):
                problems[q.id] = "choice"
                continue
            values.extend(Value(q.id, value=c) for c in chosen)
        else:
            text = (get(name) or "").strip()
            if not text:
                if q.required:
                    problems[q.id] = "required"
                continue
            problem = text_problem(text, MAX_TEXT)  # forbidden_characters or too_long
            if problem:
                problems[q.id] = problem
                continue
            values.append(Value(q.id, value=text))
    return values, problems
