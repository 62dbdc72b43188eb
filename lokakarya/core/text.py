"""Text that people type: what may not be stored, and what a file format cannot hold (pure).

C0 control characters other than tab, CR and LF (and DEL) are never typed by a person; NUL
breaks PostgreSQL text columns and every control character breaks XLSX (openpyxl refuses
them). Lone surrogates cannot be encoded as UTF-8 at all. Input containing any of them is
refused at the door; text already stored is cleaned when written to a file.
"""
import re

# As a character class's contents, for patterns that must refuse the same (core/converters).
FORBIDDEN_RANGES = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff"
FORBIDDEN = re.compile(f"[{FORBIDDEN_RANGES}]")


def has_forbidden_characters(value: str) -> bool:
    return FORBIDDEN.search(value) is not None


def without_forbidden_characters(value: str) -> str:
    """For output only (exports of what was stored before input was checked)."""
    return FORBIDDEN.sub("", value)


# Text stored in a column without a length (descriptions, notes) is still bounded: a post may be
# up to MAX_CONTENT_LENGTH, and nobody types more than this into one field.
LONG_TEXT_MAX = 20_000


def text_problem(value, max_length: int = LONG_TEXT_MAX) -> str | None:
    """'forbidden_characters', 'too_long' or None for a text a person sent (other types: None,
    their checks are the caller's)."""
    if not isinstance(value, str):
        return None
    if has_forbidden_characters(value):
        return "forbidden_characters"
    if len(value.strip()) > max_length:
        return "too_long"
    return None
