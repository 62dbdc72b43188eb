"""The JSON body of an API request."""
from flask import request
from flask_babel import gettext as _

from lokakarya.api.errors import validation_error


def json_object() -> dict:
    """The request's JSON object, or a 422 that says so."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise validation_error({}, _("Kirim sebuah objek JSON."))
    return body
