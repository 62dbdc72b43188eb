"""A focal point's delegation: every row checked, nothing saved unless all are fine."""
from datetime import date

from lokakarya.agencies.models import Agency
from lokakarya.events.models import Event
from lokakarya.registration.person import check_person
from lokakarya.registration.problems import Problem
from lokakarya.registration.services import Entry, Refused, entry_problems, register_people

RowError = tuple[int, str, Problem]  # (line, field, problem); line 0: the whole list


def check_rows(rows: list[tuple[int, dict]], allow_pppk: bool, today: date,
               agency: Agency) -> tuple[list[tuple[int, Entry]], list[RowError]]:
    """(line, Entry) for the valid rows and (line, field, problem) for every bad one (pure)."""
    entries, errors = [], []
    for line, values in rows:
        person, problems = check_person(values, allow_pppk, today)
        errors.extend((line, field, problem) for field, problem in problems.items())
        if person is not None:
            entries.append((line, Entry(person, agency)))
    return entries, errors


def register_delegation(event: Event, agency: Agency, rows: list[tuple[int, dict]], today: date,
                        locale: str, user_id: int):
    """(registrations, []) when saved; ([], errors sorted by line) when nothing was saved."""
    checked, errors = check_rows(rows, event.allow_pppk, today, agency)
    lines = [line for line, _entry in checked]
    entries = [entry for _line, entry in checked]
    if entries:
        errors += [_located(key, problem, lines) for key, problem in entry_problems(event, entries).items()]
    if errors:
        return [], sorted(errors, key=lambda e: e[0])
    try:
        return register_people(event, entries, locale=locale, registered_by_id=user_id), []
    except Refused as refused:
        return [], [_located(key, problem, lines) for key, problem in refused.problems.items()]


def _located(key: str, problem: Problem, lines: list[int]) -> RowError:
    """'row 3' (third valid entry) → its line in the file; other keys concern the whole list."""
    if key.startswith("row "):
        return lines[int(key[4:]) - 1], problem.params.get("field", ""), problem
    if key in ("nip", "email") and len(lines) == 1:
        return lines[0], key, problem
    return 0, "", problem
