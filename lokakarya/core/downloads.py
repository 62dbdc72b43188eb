"""File downloads: the bytes, their type and the name the browser saves them under."""
from flask import Response

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def attachment(body: bytes | str, filename: str, mimetype: str, headers: dict | None = None) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})})
