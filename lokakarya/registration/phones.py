"""Indonesian mobile numbers in +62 form (pure)."""
import re
import unicodedata

ASCII_DIGITS = re.compile(r"[0-9]+")


def normalise_phone(raw: str) -> str | None:
    """'0812-7300-1104', '+62 812 7300 1104', '62812…' → '+6281273001104'; None if not a number."""
    # NFKC turns full-width digits and '＋' into ASCII; any other script's digits are refused.
    digits = re.sub(r"[\s().\-]", "", unicodedata.normalize("NFKC", raw or ""))
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            return None
    elif digits.startswith("0"):
        digits = "62" + digits[1:]
    elif not digits.startswith("62"):
        return None
    if not ASCII_DIGITS.fullmatch(digits) or not 10 <= len(digits) <= 15 or digits[2] == "0":
        return None
    return "+" + digits
