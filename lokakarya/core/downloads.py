"""File downloads: the bytes, their type and the name the browser saves them under."""
from collections.abc import Iterable, Iterator
from pathlib import Path

from flask import Response, send_file

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def attachment(body: bytes | str, filename: str, mimetype: str, headers: dict | None = None) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})})


def stored_file(path: Path, mimetype: str, filename: str, private: bool = True, **send_options) -> Response:
    """An uploaded file (materials, evidence) as a download with the type sniffed at upload,
    never run by the browser (nosniff: core/security_headers); `private` keeps it out of shared caches."""
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=filename, **send_options)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def in_pieces(parts: Iterable[str], size: int = 64 * 1024) -> Iterator[bytes]:
    """A streamed template's many small strings as UTF-8 pieces of about `size` characters (one
    write per piece instead of one per table cell)."""
    held, length = [], 0
    for part in parts:
        held.append(part)
        length += len(part)
        if length >= size:
            yield "".join(held).encode("utf-8")
            held, length = [], 0
    if held:
        yield "".join(held).encode("utf-8")
