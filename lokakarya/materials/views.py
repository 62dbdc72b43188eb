"""Materials: the organiser's page, minutes with revisions, and safe downloads."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from lokakarya.audit.services import record, snapshot
from lokakarya.auth.decorators import staff_required
from lokakarya.core.downloads import stored_file
from lokakarya.core.forms import ActionForm
from lokakarya.core.lookup import or_404
from lokakarya.events.queries import event_for_page, session_of, viewer_is_staff
from lokakarya.extensions import db
from lokakarya.materials import storage
from lokakarya.materials.files import UploadProblem
from lokakarya.materials.forms import LinkForm, MinutesForm, UploadForm
from lokakarya.materials.markdown_text import render as render_markdown
from lokakarya.materials.models import Material, Minutes
from lokakarya.materials.services import (
    add_file,
    add_link,
    delete_material,
    link_problem,
    materials_for,
    max_upload_bytes,
    publish_minutes,
    published_minutes,
    save_minutes,
)
from lokakarya.materials.visibility import can_see
from lokakarya.registration.views import registration_for_token

bp = Blueprint("materials", __name__)

AUDITED = ("title", "kind", "visibility", "url", "download_name", "session_id")


def upload_problem_text(code: str) -> str:
    return {
        "empty": _("Berkas kosong."),
        "too_large": _("Berkas terlalu besar (maksimal %(mb)d MB).", mb=max_upload_bytes() // (1024 * 1024)),
        "unsupported": _("Jenis berkas tidak didukung. Unggah PDF, PPTX, DOCX atau XLSX."),
        "mismatch": _("Isi berkas tidak sesuai dengan ekstensi namanya."),
    }[code]


def _event(slug: str):
    return or_404(event_for_page(slug))


def _forms(event, upload=None, link=None):
    choices = [SelectChoice(s.id, s.title) for s in event.sessions]
    upload, link = upload or UploadForm(), link or LinkForm()
    upload.session_id.choices = link.session_id.choices = choices
    return upload, link


def _page(event, upload=None, link=None, status=200):
    upload, link = _forms(event, upload, link)
    materials = materials_for(event.id, "organiser")
    minutes = {m.session_id: m for m in db.session.execute(
        db.select(Minutes).where(Minutes.event_id == event.id)).scalars()}
    return render_template("materials/manage.html", event=event, materials=materials, minutes=minutes,
                           upload_form=upload, link_form=link, action_form=ActionForm()), status


def _session_of(event, session_id):
    return or_404(session_of(event, session_id))


@bp.get("/events/<slug>/materials")
@staff_required
def manage(slug: str):
    return _page(_event(slug))


@bp.post("/events/<slug>/materials/upload")
@staff_required
def upload(slug: str):
    event = _event(slug)
    form, _link = _forms(event)
    if not form.validate_on_submit():
        return _page(event, upload=form, status=422)
    file = form.file.data
    try:
        material = add_file(_session_of(event, form.session_id.data), form.title.data or "",
                            form.visibility.data, file.filename or "", file.read(), current_user)
    except UploadProblem as problem:
        form.file.errors = [upload_problem_text(problem.code)]
        return _page(event, upload=form, status=422)
    record("material.create", material, after=snapshot(material, AUDITED))
    db.session.commit()
    flash(_("Materi diunggah."), "success")
    return redirect(url_for(".manage", slug=slug))


@bp.post("/events/<slug>/materials/link")
@staff_required
def link(slug: str):
    event = _event(slug)
    _upload, form = _forms(event)
    if not form.validate_on_submit():
        return _page(event, link=form, status=422)
    if link_problem(form.url.data):
        form.url.errors = [_("Tautan harus diawali https:// atau http://.")]
        return _page(event, link=form, status=422)
    material = add_link(_session_of(event, form.session_id.data), form.title.data, form.visibility.data,
                        form.url.data, current_user)
    record("material.create", material, after=snapshot(material, AUDITED))
    db.session.commit()
    flash(_("Tautan ditambahkan."), "success")
    return redirect(url_for(".manage", slug=slug))


@bp.post("/events/<slug>/materials/<int:material_id>/delete")
@staff_required
def delete(slug: str, material_id: int):
    event = _event(slug)
    material = db.session.get(Material, material_id)
    if material is None or material.event_id != event.id or not ActionForm().validate_on_submit():
        abort(404)
    record("material.delete", material, before=snapshot(material, AUDITED))
    key = delete_material(material)
    db.session.commit()
    if key:
        storage.remove(key)
    flash(_("Materi dihapus."), "success")
    return redirect(url_for(".manage", slug=slug))


def _send(material: Material):
    # A row that outlived its file: not found, rather than a server error.
    return stored_file(or_404(storage.existing(material.storage_key)), material.content_type, material.download_name,
                       private=material.visibility != "public", max_age=0)


@bp.get("/events/<slug>/materials/<int:material_id>")
def download(slug: str, material_id: int):
    """Public files for anyone, every file for organisers (registrants use their own page)."""
    event = _event(slug)
    material = db.session.get(Material, material_id)
    viewer = "organiser" if viewer_is_staff() else "public"
    if (material is None or material.event_id != event.id or material.kind != "file"
            or not can_see(material.visibility, viewer)):
        abort(404)
    return _send(material)


@bp.get("/r/<token>/materials/<int:material_id>")
def registrant_download(token: str, material_id: int):
    registration = registration_for_token(token)
    material = db.session.get(Material, material_id)
    if (material is None or material.event_id != registration.event_id or material.kind != "file"
            or not can_see(material.visibility, registrant_viewer(registration))):
        abort(404)
    return _send(material)


def registrant_viewer(registration) -> str:
    return "registrant" if registration.status == "confirmed" else "public"


# --- minutes -------------------------------------------------------------------------------

@bp.route("/events/<slug>/sessions/<int:session_id>/minutes", methods=["GET", "POST"])
@staff_required
def minutes(slug: str, session_id: int):
    event = _event(slug)
    session = _session_of(event, session_id)
    current = db.session.execute(
        db.select(Minutes).where(Minutes.session_id == session.id)
        .options(selectinload(Minutes.revisions))).scalar_one_or_none()
    form = MinutesForm(body=current.body if current else "")
    if form.validate_on_submit():
        current = save_minutes(session, current, form.body.data or "", current_user)
        if request.form.get("publish"):
            if not current.body.strip():
                flash(_("Notulen masih kosong."), "error")
                return redirect(url_for(".minutes", slug=slug, session_id=session_id))
            count = publish_minutes(event, current)
            record("minutes.publish", current, after={"revision": current.revisions[0].number,
                                                      "notified": count})
            flash(_("Notulen diterbitkan; %(count)d peserta diberi tahu.", count=count), "success")
        else:
            record("minutes.save", current, after={"revision": current.revisions[0].number})
            flash(_("Notulen disimpan."), "success")
        db.session.commit()
        return redirect(url_for(".minutes", slug=slug, session_id=session_id))
    number = request.args.get("rev", type=int)
    revision = next((r for r in current.revisions if r.number == number), None) if current and number else None
    body = revision.body if revision else (current.body if current else "")
    return render_template("materials/minutes.html", event=event, session=session, minutes=current,
                           form=form, preview=render_markdown(body), revision=revision)


@bp.app_template_global()
def event_materials(event) -> list[Material]:
    """For the event page: public items, or everything for organisers."""
    return materials_for(event.id, "organiser" if viewer_is_staff() else "public")


@bp.app_template_global()
def registration_materials(registration) -> dict:
    """For the participant's page: what a (confirmed) registrant may see, and published minutes."""
    viewer = registrant_viewer(registration)
    minutes = published_minutes(registration.event_id) if viewer == "registrant" else []
    return {"materials": materials_for(registration.event_id, viewer),
            "minutes": [(m, render_markdown(m.body)) for m in minutes]}
