"""Evidence files: recognised by their first bytes (not their name), size-limited, kept in the
shared upload storage (area "followup")."""
from pathlib import Path

from lokakarya.core import storage

AREA = "followup"

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an accepted file, or None."""
    for magic, content_type, extension in SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    return None


def check(data: bytes) -> tuple[str, str] | str:
    if len(data) > MAX_EVIDENCE_BYTES:
        return "file_size"
    found = sniff(data)
    return found if found and data else "file_type"


def read_limited(stream) -> bytes:
    """At most one byte over the limit, so an oversize file is refused without reading it all."""
    return stream.read(MAX_EVIDENCE_BYTES + 1)


def store(data: bytes, extension: str) -> str:
    return storage.save(AREA, data, extension)


def stored_path(name: str | None) -> Path | None:
    return storage.existing(AREA, name)
