"""The public registration limit per client address (setting REGISTRATION_RATE_LIMIT), read at
request time; the form and the API each count against it."""
from flask import current_app


def registration_rate_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]
