"""Evidence files: recognised by their first bytes (not their name), size-limited, stored under
UPLOAD_DIR (outside the web root) by a random name."""
import secrets
from pathlib import Path

from flask import current_app

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


def folder() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "followup"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes, extension: str) -> str:
    name = f"{secrets.token_hex(16)}.{extension}"
    (folder() / name).write_bytes(data)
    return name


def stored_path(name: str) -> Path | None:
    # Names are ours (hex + extension); anything else is refused, so no path can escape.
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = folder() / name
    return path if path.is_file() else None
