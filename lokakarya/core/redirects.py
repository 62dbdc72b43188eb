"""Where a redirect may send the browser when the target comes from the request (pure).

Only a path on this site, judged as a browser reads it: browsers strip C0 controls and spaces at
both ends, drop tabs, CR and LF anywhere, and read a backslash as a slash, so `/<tab>/evil.example`
and `/\\evil.example` are `//evil.example`, another host. The value is judged again after each
percent-decoding (a later hop, a proxy or our own routing may decode `%2F`, `%5C`, `%09`), and in
NFKC form (full-width solidus); a value that passes every reading is sent percent-encoded,
anything else gets the caller's default.
"""
import unicodedata
from urllib.parse import unquote, urlsplit

from werkzeug.urls import iri_to_uri

_EDGES = "".join(map(chr, range(0x21)))  # C0 controls and space: stripped at both ends
_TAB_NEWLINE = str.maketrans("", "", "\t\r\n")  # removed anywhere
_CONTROLS = set(map(chr, [*range(0x20), 0x7F]))
_DOT_SEGMENTS = {".", ".."}
MAX_DECODINGS = 3  # a path encoded more often than this is not one a person wrote


def safe_target(value: object, default: str) -> str:
    """`value` if it is a path on this site in every reading, else `default`."""
    if not isinstance(value, str):
        return default
    candidate = value.strip(_EDGES).translate(_TAB_NEWLINE).replace("\\", "/")
    layer = candidate
    for _ in range(MAX_DECODINGS + 1):
        if not _is_local_path(layer) or not _is_local_path(unicodedata.normalize("NFKC", layer)):
            return default
        decoded = unquote(layer)
        if decoded == layer:
            return iri_to_uri(candidate)
        layer = decoded
    return default


def _is_local_path(value: str) -> bool:
    if _CONTROLS.intersection(value):  # left inside after stripping, or revealed by decoding
        return False
    path = value.replace("\\", "/")
    if not path.startswith("/") or path.startswith("//"):
        return False
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return False
    # Dot segments can leave a path that starts with '//' ('/..//host' is '//host' to a
    # browser); no page of ours has one, so none is accepted.
    return not _DOT_SEGMENTS.intersection(parts.path.split("/"))
