"""Checking an uploaded file (pure): its type is read from its content, never from its name."""
import io
import zipfile
from dataclasses import dataclass

from werkzeug.utils import secure_filename

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Office Open XML files are zip archives; the folder holding the main part tells them apart.
OOXML_FOLDERS = {"ppt/": "pptx", "word/": "docx", "xl/": "xlsx"}


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    download_name: str


class UploadProblem(ValueError):
    """code: empty, too_large, unsupported, mismatch."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def detect_type(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()  # reads the directory only
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, extension in OOXML_FOLDERS.items():
        if any(name.startswith(folder) for name in names):
            return extension
    return None


def safe_download_name(filename: str, extension: str, fallback: str = "materi") -> str:
    """The uploaded name without any path, reduced to safe characters, with the real extension."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = secure_filename(stem)[:150] or secure_filename(fallback)[:150] or "materi"
    return f"{stem}.{extension}"


def check_upload(filename: str, data: bytes, max_bytes: int, fallback_name: str = "materi") -> CheckedFile:
    """Accept PDF, PPTX, DOCX and XLSX by content; raise UploadProblem otherwise."""
    if not data:
        raise UploadProblem("empty")
    if len(data) > max_bytes:
        raise UploadProblem("too_large")
    extension = detect_type(data)
    if extension is None:
        raise UploadProblem("unsupported")
    named = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    if named and named != extension:
        raise UploadProblem("mismatch")
    return CheckedFile(extension, CONTENT_TYPES[extension], safe_download_name(filename, extension, fallback_name))
