"""The vc feature's blueprint; its view modules import `bp` from here (vc/views.py imports them)."""
from flask import Blueprint

bp = Blueprint("vc", __name__)


def state_label(state: str) -> str:
    from lokakarya.vc.messages import state_labels

    return state_labels().get(state or "", state)


bp.add_app_template_global(state_label, "vc_state_label")


def failure(stored: str):
    from lokakarya.vc.messages import shown

    return shown(stored)


bp.add_app_template_global(failure, "vc_failure")
