"""Parsing form and JSON values (pure): a value, or a problem code from messages.MESSAGES."""
from datetime import date, datetime

from lokakarya.core.converters import database_id
from lokakarya.core.text import LONG_TEXT_MAX, text_problem

# Longest text per field people type: String columns' lengths (models.py), Text columns core's bound.
TEXT_LIMITS = {"title": 300, "description": LONG_TEXT_MAX, "expected_output": LONG_TEXT_MAX,
               "note": LONG_TEXT_MAX, "reason": LONG_TEXT_MAX, "comment": LONG_TEXT_MAX,
               "evidence_url": 1000}


def text_problems(data: dict, fields: tuple[str, ...]) -> dict[str, str]:
    """'forbidden_characters' or 'too_long' for each of `fields` whose text may not be stored."""
    problems = {}
    for field in fields:
        problem = text_problem(data.get(field), TEXT_LIMITS[field])
        if problem:
            problems[field] = problem
    return problems


def parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def parse_local_datetime(value) -> datetime | None:
    """A wall-clock time "2020-12-31 23:59" or "2020-12-31T23:59" (zone attached by the caller)."""
    text = str(value or "").strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)  # noqa: DTZ007  (localized by the caller)
        except ValueError:
            continue
    return None


def parse_progress(value) -> int | str | None:
    """None when left empty, an int 0..100, or "bad_progress"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad_progress"
    try:
        number = int(str(value).strip())
    except ValueError:
        return "bad_progress"
    return number if 0 <= number <= 100 else "bad_progress"


def is_http_url(value: str) -> bool:
    text = (value or "").strip().lower()
    return text.startswith(("http://", "https://")) and len(text) > 10 and " " not in text


def parse_ids(values) -> list[int] | None:
    """A list of ids from a JSON list or repeated form values; None if any is not a number."""
    if values is None:
        return []
    if not isinstance(values, list | tuple):
        return None
    ids = [database_id(value) for value in values]
    return None if None in ids else ids
