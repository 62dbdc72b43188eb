"""The signed-in person's start page: what needs them now (lokakarya/home/tasks.py)."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from lokakarya.home.tasks import tasks_for
from lokakarya.timeutil import now_utc

bp = Blueprint("home", __name__)


@bp.get("/tasks")
@login_required
def tasks():
    user = current_user._get_current_object()
    return render_template("home/tasks.html", tasks=tasks_for(user, now_utc()), user=user)


@bp.context_processor
def _labels():
    from lokakarya.followup.labels import template_context

    return template_context(now_utc())
