from flask import jsonify


class ApiError(Exception):
    """Raised by API views; rendered as the documented error shape."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    return jsonify(error={"code": code, "message": message, "fields": fields or {}}), status


def validation_error(fields: dict[str, str], message: str = "Invalid input") -> ApiError:
    return ApiError(422, "validation_error", message, fields)
