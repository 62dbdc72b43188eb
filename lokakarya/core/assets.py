"""Static files with versioned names, compressed, cached for good.

At start-up every file under static/ is copied once into `<instance>/static-build/` as
`name.<digest>.ext` (the digest of its content) with a gzip copy beside it (`.gz`, level 9,
deterministic), and WhiteNoise serves that folder under /static/: the `.gz` to clients that
accept gzip, `Cache-Control: max-age=315360000, public, immutable` for versioned names (the
name changes whenever the content does), a year for anything else in the folder. `url_for('static', filename='css/app.css')` gives the versioned name, so
templates stay as they are. Files are written under a temporary name and renamed, so several
workers starting at once on one machine never see half a file; a name that exists is not
written again. Unversioned names still answer (Flask's static route), for old links.
"""
import gzip
import hashlib
import os
import re
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise

from lokakarya.core.security_headers import static_file_headers

YEAR = 365 * 24 * 3600
DIGEST_LENGTH = 12
VERSIONED = re.compile(rf"\.[0-9a-f]{{{DIGEST_LENGTH}}}\.[A-Za-z0-9]+(\.gz)?$")
COMPRESSIBLE = (".css", ".js", ".svg", ".txt", ".json", ".map")
SKIPPED = (".md",)  # licences stay in the source tree


def versioned_name(relative: str, content: bytes) -> str:
    """'css/app.css' → 'css/app.<digest>.css' (pure)."""
    digest = hashlib.sha256(content).hexdigest()[:DIGEST_LENGTH]
    stem, dot, suffix = relative.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{relative}.{digest}"


def compressed(content: bytes) -> bytes:
    """gzip at level 9 with no timestamp: the same bytes on every machine (pure)."""
    return gzip.compress(content, compresslevel=9, mtime=0)


def _write_once(path: Path, content: bytes) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    os.replace(temporary, path)


def build(source: Path, target: Path) -> dict[str, str]:
    """Write the versioned (and gzip) copies of `source`'s files into `target`; returns the
    manifest {'css/app.css': 'css/app.<digest>.css', …}."""
    manifest: dict[str, str] = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        if path.suffix in SKIPPED or path.name.startswith("."):
            continue
        relative = path.relative_to(source).as_posix()
        content = path.read_bytes()
        name = versioned_name(relative, content)
        manifest[relative] = name
        _write_once(target / name, content)
        if path.suffix in COMPRESSIBLE:
            _write_once(target / f"{name}.gz", compressed(content))
    return manifest


def init_app(app: Flask) -> None:
    source = Path(app.static_folder)
    target = Path(app.instance_path) / "static-build"
    manifest = build(source, target)
    app.extensions["static_manifest"] = manifest

    @app.url_defaults
    def _versioned(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = manifest.get(values["filename"], values["filename"])

    https = app.config["BASE_URL"].startswith("https://")

    def _headers(headers, path: str, url: str) -> None:
        static_file_headers(headers, https)

    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=str(target), prefix=app.static_url_path.strip("/") + "/", max_age=YEAR,
        add_headers_function=_headers,
        immutable_file_test=lambda path, url: bool(VERSIONED.search(url)),
    )
