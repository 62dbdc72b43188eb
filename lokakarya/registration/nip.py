"""NIP (Nomor Induk Pegawai) checks (pure).

Layout of the 18 digits: 1–8 birth date YYYYMMDD, 9–14 appointment year and month YYYYMM
(PPPK staff: 13–14 are not a month), 15 gender (1 male, 2 female), 16–18 serial.
"""
import re
import unicodedata
from datetime import date

from lokakarya.registration.problems import Problem

FIRST_YEAR = 1940
ASCII_DIGITS = re.compile(r"[0-9]+")


def clean_nip(raw: str) -> str:
    """Drop the spaces and dots people type ("19860926 201505 1 001"); full-width digits (NFKC)
    become ASCII ones, so one NIP typed in either is one NIP."""
    return re.sub(r"[\s.]", "", unicodedata.normalize("NFKC", raw or ""))


def is_pppk(nip: str) -> bool:
    return not 1 <= int(nip[12:14]) <= 12


def nip_problem(raw: str, allow_pppk: bool, today: date) -> Problem | None:
    """None when the NIP is valid; otherwise the first problem found, left to right."""
    nip = clean_nip(raw)
    if not nip:
        return Problem("required")
    if not ASCII_DIGITS.fullmatch(nip):  # isdigit() would let Arabic-Indic and other digits in
        return Problem("nip_chars")
    if len(nip) != 18:
        return Problem("nip_length", {"count": len(nip)})
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return Problem("nip_birth_date", {"digits": nip[0:8]})
    if born.year < FIRST_YEAR or born > today:
        return Problem("nip_birth_date", {"digits": nip[0:8]})
    year, month = int(nip[8:12]), int(nip[12:14])
    if not FIRST_YEAR <= year <= today.year:
        return Problem("nip_appointment_year", {"digits": nip[8:12]})
    pppk = is_pppk(nip)
    if pppk and not allow_pppk:
        return Problem("nip_pppk_not_allowed", {"digits": nip[12:14]})
    if not pppk and (year, month) > (today.year, today.month):
        return Problem("nip_appointment_year", {"digits": nip[8:12]})
    appointed = (year, 12 if pppk else month)
    if appointed <= (born.year, born.month) or (pppk and year <= born.year):
        return Problem("nip_appointment_before_birth", {"appointed": nip[8:14], "born": nip[0:8]})
    if nip[14] not in "12":
        return Problem("nip_gender", {"digit": nip[14]})
    if nip[15:18] == "000":
        return Problem("nip_serial")
    return None
