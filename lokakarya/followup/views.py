"""Follow-up pages. This module holds the blueprint and the organiser's event pages; the
province submission and the action items live in views_submission / views_items."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lokakarya.auth.decorators import staff_required
from lokakarya.core.lookup import or_404
from lokakarya.core.text import has_forbidden_characters
from lokakarya.extensions import db
from lokakarya.followup import dashboard as dashboards
from lokakarya.followup.messages import labelled, message
from lokakarya.followup.queries import Filters, agencies_for, event_by_slug
from lokakarya.followup.rounds import (
    invited_codes,
    open_round,
    province_focal_points,
    remind_missing,
    round_for,
    submissions_of,
)
from lokakarya.followup.tracking import add_recommendation
from lokakarya.followup.validate import parse_local_datetime
from lokakarya.timeutil import localize, now_utc

bp = Blueprint("followup", __name__)


def event_or_404(slug: str):
    return or_404(event_by_slug(slug, with_invited=True))


def actor():
    return current_user._get_current_object()


def flash_problems(problems: dict[str, str]) -> None:
    for text in labelled(problems).values():
        flash(text, "error")


def saved(result, success: str) -> bool:
    """After a service call: flash its refusal (problems or a code) and return False, or make
    the request's one commit, flash `success` and return True."""
    if isinstance(result, dict):
        flash_problems(result)
        return False
    if isinstance(result, str):
        flash(message(result), "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.get("/events/<slug>/follow-up")
@staff_required
def event_dashboard(slug: str):
    event = event_or_404(slug)
    rnd = round_for(event)
    submissions = submissions_of(event)
    focal = province_focal_points(invited_codes(event))
    filters = Filters.from_args(request.args, event_id=event.id)
    figures = dashboards.build(actor(), filters, now_utc())
    return render_template(
        "followup/event_dashboard.html", event=event, round=rnd,
        states={s.province_code: s for s in submissions}, invited=event.invited, focal=focal, figures=figures,
    )


@bp.post("/events/<slug>/follow-up/open")
@staff_required
def open_round_view(slug: str):
    event = event_or_404(slug)
    wall_clock = parse_local_datetime(request.form.get("deadline"))
    if wall_clock is None:
        flash(message("bad_datetime"), "error")
        return redirect(url_for(".event_dashboard", slug=slug))
    contacts = {key.removeprefix("contact_"): value for key, value in request.form.items()
                if key.startswith("contact_")}
    result = open_round(event, localize(wall_clock, event.timezone), contacts, actor())
    saved(result, _("Putaran tindak lanjut dibuka; focal point provinsi telah dikirimi e-mail."))
    return redirect(url_for(".event_dashboard", slug=slug))


@bp.post("/events/<slug>/follow-up/remind")
@staff_required
def remind_view(slug: str):
    event = event_or_404(slug)
    rnd = round_for(event)
    if rnd is None:
        flash(message("no_round"), "error")
        return redirect(url_for(".event_dashboard", slug=slug))
    reminded = remind_missing(event, rnd, actor())
    db.session.commit()
    flash(_("Pengingat dikirim ke %(count)d provinsi.", count=len(reminded)), "success")
    return redirect(url_for(".event_dashboard", slug=slug))


@bp.route("/events/<slug>/follow-up/recommendations", methods=["GET", "POST"])
@staff_required
def add_recommendation_view(slug: str):
    """The form lists the agencies of one chosen province (or central ones), not all of them."""
    event = event_or_404(slug)
    province = request.values.get("province_code") or ""
    if has_forbidden_characters(province):  # refused by the service; listed as no province
        province = ""
    if request.method == "POST":
        result = add_recommendation(event, request.form.to_dict(), actor())
        if saved(result, _("Rekomendasi ditambahkan.")):
            return redirect(url_for(".item", item_id=result.id))
    agencies = agencies_for([province]) if province else agencies_for([], central=True)
    return render_template("followup/recommendation.html", event=event, province=province, agencies=agencies,
                           form=request.form)


@bp.context_processor
def _labels():
    from lokakarya.followup.labels import template_context

    return template_context(now_utc())


from lokakarya.followup import views_items, views_reports, views_submission  # noqa: E402, F401
