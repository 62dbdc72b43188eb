"""Text that people type: what may not be stored, and what a file format cannot hold (pure).

C0 control characters other than tab, CR and LF (and DEL) are never typed by a person; NUL
breaks PostgreSQL text columns and every control character breaks XLSX (openpyxl refuses
them). Lone surrogates cannot be encoded as UTF-8 at all. Input containing any of them is
refused at the door; text already stored is cleaned when written to a file.
"""
import re

FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def has_forbidden_characters(value: str) -> bool:
    return FORBIDDEN.search(value) is not None


def without_forbidden_characters(value: str) -> str:
    """For output only (exports of what was stored before input was checked)."""
    return FORBIDDEN.sub("", value)
