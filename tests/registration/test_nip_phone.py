from datetime import date

import pytest

from lokakarya.registration.nip import nip_problem
from lokakarya.registration.person import check_person
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
