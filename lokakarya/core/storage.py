"""Uploaded files in configured storage (UPLOAD_DIR, outside the web root), one folder per area,
each file named by a random key so no uploaded name ever reaches the file system."""
import secrets
from pathlib import Path

from flask import current_app


def _folder(area: str) -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / area
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_for(area: str, key: str) -> Path:
    """Where a key lives; ValueError for anything that would leave the area's folder."""
    folder = _folder(area).resolve()
    path = (folder / key).resolve()
    if not key or path.parent != folder:
        raise ValueError("storage key outside the upload folder")
    return path


def save(area: str, data: bytes, extension: str) -> str:
    key = f"{secrets.token_hex(16)}.{extension}"
    path_for(area, key).write_bytes(data)
    return key


def existing(area: str, key: str | None) -> Path | None:
    """The stored file, or None when the key is empty, foreign or its file is gone."""
    try:
        path = path_for(area, key or "")
    except ValueError:
        return None
    return path if path.is_file() else None


def remove(area: str, key: str) -> None:
    path_for(area, key).unlink(missing_ok=True)
