"""Uploaded files live under UPLOAD_DIR (configured storage, outside the web root), named by a
random key so no uploaded name ever reaches the file system."""
import secrets
from pathlib import Path

from flask import current_app


def _root() -> Path:
    root = Path(current_app.config["UPLOAD_DIR"]) / "materials"
    root.mkdir(parents=True, exist_ok=True)
    return root


def path_for(key: str) -> Path:
    path = (_root() / key).resolve()
    if path.parent != _root().resolve():
        raise ValueError("storage key outside the upload folder")
    return path


def save(data: bytes, extension: str) -> str:
    key = f"{secrets.token_hex(16)}.{extension}"
    path_for(key).write_bytes(data)
    return key


def remove(key: str) -> None:
    path_for(key).unlink(missing_ok=True)
