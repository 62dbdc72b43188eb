"""Matching report rows to registrations by e-mail, then by normalised name (pure).

Display names come as "DUKCAPIL BENGKULU - Nama", "Nama (Nama Asli)", with titles
("Dr. Ir. Nama, S.Kom., M.Si."), odd case, spacing and accents.
"""
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

TITLES = {"dr", "drs", "dra", "ir", "prof", "h", "hj", "kh", "hc", "ns", "apt", "bapak", "ibu",
          "bpk", "pak", "bu", "sdr", "sdri", "mr", "mrs", "ms"}
# Degrees written after the name: S.Kom., M.Si., S.H., M.M., Ph.D., S.E., M.A.P., A.Md.
DEGREE = re.compile(r"^(?:[a-z]{1,3}\.){1,3}[a-z]{0,5}\.?$")
PARENS = re.compile(r"\(([^()]*)\)")
SEPARATORS = (" - ", " – ", " — ", " | ", ": ")


NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, no accents, punctuation as spaces, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(NON_ALNUM.sub(" ", text.lower()).split())


def normalise_name(name: str) -> str:
    """The comparable core of a person's name: no titles, degrees, accents or case."""
    name = name.split(",", 1)[0]  # degrees follow a comma in Indonesian usage
    if "." in name:  # S.Kom, M.Si. without a comma; "Dr." and "Ir." go too
        name = " ".join(w for w in name.split() if not DEGREE.match(w.lower()))
    return " ".join(w for w in fold(name).split() if w not in TITLES)


def name_candidates(display: str) -> tuple[list[str], str]:
    """Names to try, best first, and the prefix ("DUKCAPIL BENGKULU") if there is one."""
    candidates = []
    original = PARENS.findall(display)
    outer = PARENS.sub(" ", display).strip()
    prefix = ""
    for separator in SEPARATORS:
        if separator in outer:
            prefix, outer = outer.split(separator, 1)
            break
    for text in [*reversed(original), outer, display]:
        key = normalise_name(text)
        if key and key not in candidates:
            candidates.append(key)
    return candidates, fold(prefix)


def identity(email: str, display: str, found: tuple[list[str], str] | None = None) -> str:
    """How the organiser's decision for a report person is remembered."""
    if email:
        return f"email:{email.strip().lower()}"
    candidates, prefix = found or name_candidates(display)
    key = candidates[0] if candidates else fold(display)
    return f"name:{prefix + ' - ' if prefix else ''}{key}"[:300]


@dataclass(frozen=True, slots=True)
class Person:
    """What matching needs of a registration."""
    id: int
    name: str
    email: str
    context: str  # agency name, agency kind, province: to read "DUKCAPIL BENGKULU - …"


@dataclass(frozen=True, slots=True)
class Match:
    registration_id: int | None
    how: str  # decision / ignored / email / name / ambiguous / unmatched
    candidates: tuple[int, ...] = ()


class Matcher:
    def __init__(self, people: list[Person], decisions: dict[str, int | None]):
        self.by_email = {p.email.lower(): p.id for p in people if p.email}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.context: dict[int, set[str]] = {}
        for person in people:
            if person.name:
                self.by_name[normalise_name(person.name)].append(person.id)
            self.context[person.id] = set(fold(person.context).split())
        self.decisions = decisions

    def match(self, email: str, display: str) -> Match:
        found = None if email else name_candidates(display)
        key = identity(email, display, found)
        if key in self.decisions:
            chosen = self.decisions[key]
            return Match(chosen, "decision" if chosen else "ignored")
        if email and email in self.by_email:
            return Match(self.by_email[email], "email")
        candidates, prefix = found or name_candidates(display)
        ambiguous: tuple[int, ...] = ()
        for candidate in candidates:
            ids = self.by_name.get(candidate, [])
            if len(ids) == 1:
                return Match(ids[0], "name")
            if len(ids) > 1:
                narrowed = self._by_prefix(ids, prefix)
                if len(narrowed) == 1:
                    return Match(narrowed[0], "name")
                ambiguous = ambiguous or tuple(ids)
        if ambiguous:
            return Match(None, "ambiguous", ambiguous)
        return Match(None, "unmatched")

    def _by_prefix(self, ids: list[int], prefix: str) -> list[int]:
        words = set(prefix.split())
        if not words:
            return ids
        return [i for i in ids if words <= self.context[i]]
