from flask import Blueprint

bp = Blueprint("ical", __name__)
