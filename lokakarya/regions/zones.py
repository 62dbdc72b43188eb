"""Which IANA zone and which island group each province belongs to (by Kemendagri code)."""

# Kalimantan Barat (61) and Tengah (62) keep WIB through Asia/Pontianak.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}

GROUPS = {
    "sumatera": "Sumatera",
    "jawa": "Jawa",
    "kalimantan": "Kalimantan",
    "bali_nusa_tenggara": "Bali–Nusa Tenggara",
    "sulawesi": "Sulawesi",
    "maluku": "Maluku",
    "papua": "Papua",
}


def province_timezone(code: str) -> str:
    if code in _WIT:
        return "Asia/Jayapura"
    if code in _WITA:
        return "Asia/Makassar"
    if code in ("61", "62"):
        return "Asia/Pontianak"
    return "Asia/Jakarta"


def province_group(code: str) -> str:
    """The island group used to invite several provinces at once."""
    first = code[0]
    return {
        "1": "sumatera", "2": "sumatera", "3": "jawa", "5": "bali_nusa_tenggara",
        "6": "kalimantan", "7": "sulawesi", "8": "maluku", "9": "papua",
    }[first]
