"""A registrant's own details: checked and cleaned (pure; forms, uploads and the API share it)."""
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date

from lokakarya.core.text import has_forbidden_characters
from lokakarya.registration.nip import clean_nip, nip_problem
from lokakarya.registration.phones import normalise_phone
from lokakarya.registration.problems import Problem

PERSON_FIELDS = ("name", "nip", "position", "email", "phone")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Longest input per field. Name, position and e-mail are stored as typed: their columns' lengths
# (registration/models.py). NIP and phone are stored cleaned (18 digits; +62 and at most 13 more,
# within String(18) and String(20)) but typed with spaces, dots and dashes: room for those.
MAX_LENGTH = {"name": 200, "nip": 30, "position": 200, "email": 254, "phone": 30}


@dataclass(frozen=True)
class Person:
    name: str
    nip: str  # 18 digits
    position: str
    email: str  # lower-case
    phone: str  # +62…

    def as_dict(self) -> dict:
        return asdict(self)


def check_person(data: Mapping, allow_pppk: bool, today: date) -> tuple[Person | None, dict[str, Problem]]:
    """(Person, {}) when every field is fine, else (None, {field: Problem})."""
    values = {name: str(data.get(name) or "").strip() for name in PERSON_FIELDS}
    values["email"] = values["email"].lower()  # as stored (lower() may lengthen: 'İ' → 'i̇')
    problems: dict[str, Problem] = {}
    for name in PERSON_FIELDS:
        if has_forbidden_characters(values[name]):
            problems[name] = Problem("forbidden_characters")
        elif len(values[name]) > MAX_LENGTH[name]:
            problems[name] = Problem("too_long", {"max": MAX_LENGTH[name]})
        elif not values[name] and name != "nip":  # the NIP's own check says "required"
            problems[name] = Problem("required")
    if "nip" not in problems:
        nip = nip_problem(values["nip"], allow_pppk, today)
        if nip:
            problems["nip"] = nip
    email = values["email"]
    if "email" not in problems and not EMAIL.match(email):
        problems["email"] = Problem("email_invalid")
    phone = normalise_phone(values["phone"])
    if "phone" not in problems and phone is None:
        problems["phone"] = Problem("phone_invalid")
    if problems:
        return None, problems
    return Person(name=re.sub(r"\s+", " ", values["name"]), nip=clean_nip(values["nip"]),
                  position=values["position"], email=email, phone=phone), {}
