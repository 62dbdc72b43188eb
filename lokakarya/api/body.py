"""The JSON body and the query string of an API request, checked against the OpenAPI document."""
from flask import request
from flask_babel import gettext as _

from lokakarya.api.errors import validation_error
from lokakarya.api.openapi import current_operation, document
from lokakarya.api.validation import problems, query_problems


def json_object(checked: bool = True) -> dict:
    """The request's JSON object as its operation documents it, or a 422 naming each field.

    `checked=False` for a view that must first find what the path names (404 before 422); it
    calls `check_json(body)` then."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise validation_error({}, _("Kirim sebuah objek JSON."))
    if checked:
        check_json(body)
    return body


def check_json(body: dict) -> None:
    schema = _json_schema(current_operation())
    if schema is not None:
        found = problems(body, schema, document())
        if found:
            raise validation_error(found, _("Periksa isian yang ditandai."))


def check_query() -> None:
    operation = current_operation()
    if operation is not None and request.args:
        found = query_problems(request.args, operation.get("parameters", []), document())
        if found:
            raise validation_error(found, _("Periksa parameter yang ditandai."))


def _json_schema(operation: dict | None) -> dict | None:
    content = (operation or {}).get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")
