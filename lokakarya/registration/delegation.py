"""A focal point's delegation: every row checked, nothing saved unless all are fine."""
from datetime import date

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event
from lokakarya.registration.person import check_person
from lokakarya.registration.problems import Problem
from lokakarya.registration.services import Entry, Refused, register_people


def check_rows(rows: list[tuple[int, dict]], allow_pppk: bool, today: date,
               agency: Agency) -> tuple[list[Entry], list[tuple[int, str, Problem]]]:
    """Entries for the valid rows and (line, field, problem) for every bad one (pure)."""
    entries, errors = [], []
    for line, values in rows:
        person, problems = check_person(values, allow_pppk, today)
        for field, problem in problems.items():
            errors.append((line, field, problem))
        if person is not None:
            entries.append(Entry(person, agency))
    return entries, errors


def register_delegation(event: Event, agency: Agency, rows: list[tuple[int, dict]], today: date,
                        locale: str, user_id: int):
    """(registrations, []) when saved; ([], errors) when nothing was saved."""
    entries, errors = check_rows(rows, event.allow_pppk, today, agency)
    if errors:
        return [], errors
    try:
        return register_people(event, entries, locale=locale, registered_by_id=user_id), []
    except Refused as refused:
        lines = [line for line, _values in rows]
        return [], [_located(key, problem, lines) for key, problem in refused.problems.items()]


def _located(key: str, problem: Problem, lines: list[int]) -> tuple[int, str, Problem]:
    """'row 3' (third entry) → its line in the file; other keys concern the whole list."""
    if key.startswith("row "):
        return lines[int(key[4:]) - 1], problem.params.get("field", ""), problem
    return (lines[0] if len(lines) == 1 else 0), key, problem
