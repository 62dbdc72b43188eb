from flask import Blueprint

bp = Blueprint("materials", __name__)
