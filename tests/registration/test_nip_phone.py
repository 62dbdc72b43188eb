from datetime import date

import pytest

from lokakarya.registration.nip import nip_problem
from lokakarya.registration.person import MAX_LENGTH, check_person
from lokakarya.registration.phones import normalise_phone

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(("raw", "code"), [
    ("198609262015051001", None),
    ("19860926 201505 1 001", None),
    ("19860926.201505.1.001", None),
    ("199202292019032002", None),                 # 29 Feb in a leap year
    ("", "required"),
    ("19860926-201505-1-001", "nip_chars"),
    ("19860926201505100", "nip_length"),
    ("1986092620150510011", "nip_length"),
    ("198613262015051001", "nip_birth_date"),     # month 13
    ("199302292019032002", "nip_birth_date"),     # 29 Feb 1993 does not exist
    ("203001012015051001", "nip_birth_date"),     # born in the future
    ("198609263015051001", "nip_appointment_year"),
    ("198609262027051001", "nip_appointment_year"),  # appointed after today
    ("198609261985051001", "nip_appointment_before_birth"),
    ("198609261986081001", "nip_appointment_before_birth"),  # same year, earlier month
    ("198609262015053001", "nip_gender"),
    ("198609262015050001", "nip_gender"),
    ("198609262015051000", "nip_serial"),
    ("198609262022211001", None),                 # PPPK: digits 13-14 "21"
])
def test_nip_table(raw, code):
    problem = nip_problem(raw, allow_pppk=True, today=TODAY)
    assert (problem.code if problem else None) == code


def test_pppk_refused_when_the_event_does_not_allow_it():
    problem = nip_problem("198609262022211001", allow_pppk=False, today=TODAY)
    assert problem.code == "nip_pppk_not_allowed"
    assert problem.params["digits"] == "21"


def test_length_message_says_how_many_digits_were_typed():
    assert nip_problem("1986 0926", True, TODAY).params == {"count": 8}


@pytest.mark.parametrize(("raw", "expected"), [
    ("0812-7300-1104", "+6281273001104"),
    ("+62 812 7300 1104", "+6281273001104"),
    ("62 812 7300 1104", "+6281273001104"),
    ("(0812) 7300.1104", "+6281273001104"),
    ("081273001104", "+6281273001104"),
    ("812 7300 1104", None),
    ("+1 202 555 0100", None),
    ("0812-73", None),
    ("0812abc01104", None),
    ("", None),
])
def test_phone_normalisation(raw, expected):
    assert normalise_phone(raw) == expected


def test_person_is_cleaned_and_every_problem_reported():
    person, problems = check_person({"name": "  Gotri   Suyanto ", "nip": "19860926 201505 1 001",
                                     "position": "Kabid", "email": "Gotri@Bengkulu.go.id",
                                     "phone": "0812 7300 1104"}, True, TODAY)
    assert problems == {}
    assert person.name == "Gotri Suyanto"
    assert person.nip == "198609262015051001"
    assert person.email == "gotri@bengkulu.go.id"
    assert person.phone == "+6281273001104"
    person, problems = check_person({"name": "", "nip": "123", "email": "x@", "phone": "12"}, True, TODAY)
    assert person is None
    assert {k: p.code for k, p in problems.items()} == {
        "name": "required", "position": "required", "nip": "nip_length", "email": "email_invalid",
        "phone": "phone_invalid"}


def in_script(ascii_digits: str, zero: str) -> str:
    """The same digits written in the script whose zero is `zero` (other characters kept)."""
    return "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in ascii_digits)


# Digit scripts: NFKC maps the first group to ASCII (one NIP), the rest are refused.
SAME = [("full-width", "\uff10"), ("mathematical bold", "\U0001d7ce"), ("mathematical monospace", "\U0001d7f6")]
REFUSED = [("Arabic-Indic", "\u0660"), ("Extended Arabic-Indic", "\u06f0"), ("Devanagari", "\u0966"),
           ("Bengali", "\u09e6"), ("Thai", "\u0e50"), ("Myanmar", "\u1040")]


@pytest.mark.parametrize(("script", "zero"), SAME)
def test_nip_and_phone_in_compatibility_digits_are_the_ascii_ones(script, zero):
    assert nip_problem(in_script("19860926 201505 1 001", zero), True, TODAY) is None
    person, problems = check_person({"name": "A", "nip": in_script("19860926 201505 1 001", zero),
                                     "position": "B", "email": "a@b.go.id",
                                     "phone": in_script("0812 7300 1104", zero)}, True, TODAY)
    assert problems == {}
    assert (person.nip, person.phone) == ("198609262015051001", "+6281273001104")
    assert normalise_phone("\uff0b" + in_script("62 812 7300 1104", zero)) == "+6281273001104"  # full-width +


@pytest.mark.parametrize(("script", "zero"), REFUSED)
def test_nip_and_phone_in_other_scripts_are_refused(script, zero):
    assert in_script("1", zero).isdigit()  # what let them in before
    assert nip_problem(in_script("198609262015051001", zero), True, TODAY).code == "nip_chars"
    assert normalise_phone(in_script("081273001104", zero)) is None
    assert normalise_phone("0812" + in_script("73001104", zero)) is None  # mixed


@pytest.mark.parametrize(("field", "value", "code"), [
    ("phone", "0" * 10_000, "too_long"),   # was a KeyError
    ("phone", "0812 " * 7, "too_long"),
    ("nip", "1" * 10_000, "too_long"),
    ("name", "N" * 201, "too_long"),
    ("position", "J" * 201, "too_long"),
    ("email", "e" * 250 + "@x.id", "too_long"),
    ("name", "Nama\x00", "forbidden_characters"),
    ("position", "Kabid\x1b[31m", "forbidden_characters"),
    ("email", "a\x7f@b.go.id", "forbidden_characters"),
    ("nip", "19860926\x01201505 1 001", "forbidden_characters"),
    ("phone", "0812\x0b73001104", "forbidden_characters"),
])
def test_every_field_has_a_length_limit_and_refuses_control_characters(field, value, code):
    data = {"name": "A", "nip": "198609262015051001", "position": "B", "email": "a@b.go.id",
            "phone": "081273001104", field: value}
    person, problems = check_person(data, True, TODAY)
    assert person is None
    assert {k: p.code for k, p in problems.items()} == {field: code}


def test_length_limits_fit_the_columns():
    from lokakarya.registration.models import Registration
    columns = Registration.__table__.c
    for field in ("name", "position", "email"):
        assert MAX_LENGTH[field] == columns[field].type.length
    # NIP and phone are stored cleaned; the longest accepted forms fit their columns.
    assert len("+62" + "8" * 13) <= columns["phone"].type.length
    assert columns["nip"].type.length == 18
    assert normalise_phone("+62 (812) 3456-7890-12") == "+628123456789012"  # 15 digits, the most
    email = "İ" * 130 + "@x.id"  # lower() makes 'İ' two characters: too long once stored
    assert check_person({"name": "A", "nip": "198609262015051001", "position": "B", "email": email,
                         "phone": "081273001104"}, True, TODAY)[1]["email"].code == "too_long"
