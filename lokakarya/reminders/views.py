from flask import Blueprint

bp = Blueprint("reminders", __name__)
