"""What a registrant does on their own page: edit, cancel, download, delete."""
import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lokakarya.core.downloads import attachment
from lokakarya.core.forms import ActionForm
from lokakarya.extensions import db
from lokakarya.registration.forms import PersonForm
from lokakarya.registration.messages import problem_text
from lokakarya.registration.person import PERSON_FIELDS, check_person
from lokakarya.registration.privacy import anonymise, export_data
from lokakarya.registration.services import Refused, cancel, today_for, update_person, window
from lokakarya.registration.views import bp, registration_for_token
from lokakarya.timeutil import now_utc


def _editable(registration) -> bool:
    return (registration.status in ("pending", "confirmed", "waitlisted")
            and window(registration.event).is_open(now_utc()))


@bp.route("/r/<token>/edit", methods=["GET", "POST"])
def edit(token: str):
    registration = registration_for_token(token)
    event = registration.event
    if not _editable(registration):
        flash(_("Data tidak dapat diubah lagi: pendaftaran sudah ditutup."), "error")
        return redirect(url_for("registration.personal", token=token))
    form = PersonForm(data={name: getattr(registration, name) for name in PERSON_FIELDS})
    failed = False
    if form.validate_on_submit():
        person, problems = check_person(request.form, event.allow_pppk, today_for(event))
        if not problems:
            try:
                update_person(registration, person)
            except Refused as refused:
                problems = refused.problems
            else:
                db.session.commit()
                flash(_("Data Anda sudah diperbarui."))
                return redirect(url_for("registration.personal", token=token))
        db.session.rollback()
        form.add_problems(problems, problem_text)
        failed = True
    return render_template("registration/edit.html", registration=registration, event=event,
                           form=form), (422 if failed else 200)


@bp.route("/r/<token>/cancel", methods=["GET", "POST"])
def cancel_own(token: str):
    registration = registration_for_token(token)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            cancel(registration)
        except Refused:
            flash(_("Pendaftaran ini tidak dapat dibatalkan lagi."), "error")
        else:
            db.session.commit()
            flash(_("Pendaftaran Anda sudah dibatalkan."))
        return redirect(url_for("registration.personal", token=token))
    return render_template("registration/confirm.html", registration=registration,
                           event=registration.event, form=form, action="cancel")


@bp.get("/r/<token>/data.json")
def download(token: str):
    registration = registration_for_token(token)
    body = json.dumps(export_data(registration), ensure_ascii=False, indent=2)
    return attachment(body, f"lokakarya-data-{registration.id}.json", "application/json",
                      headers={"Cache-Control": "no-store"})


@bp.route("/r/<token>/delete", methods=["GET", "POST"])
def delete(token: str):
    registration = registration_for_token(token)
    form = ActionForm()
    if form.validate_on_submit():
        slug = registration.event.slug
        anonymise(registration)
        db.session.commit()
        flash(_("Data pribadi Anda sudah dihapus. Tautan pribadi Anda tidak berlaku lagi."))
        return redirect(url_for("events.detail", slug=slug))
    return render_template("registration/confirm.html", registration=registration,
                           event=registration.event, form=form, action="delete")
