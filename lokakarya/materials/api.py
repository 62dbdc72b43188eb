"""Materials of a session: /events/{slug}/sessions/{id}/materials (list, upload, delete)."""
from flask import jsonify, request

from lokakarya.api import bp
from lokakarya.api.auth import current_api_user, token_required
from lokakarya.api.body import json_object
from lokakarya.api.errors import ApiError, validation_error
from lokakarya.audit.services import record, snapshot
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.materials import storage
from lokakarya.materials.files import UploadProblem
from lokakarya.materials.models import VISIBILITIES, Material
from lokakarya.materials.services import (
    add_file,
    add_link,
    delete_material,
    link_problem,
    material_json,
    max_upload_bytes,
)
from lokakarya.materials.views import AUDITED, _send
from lokakarya.materials.visibility import visible_levels

UPLOAD_TEXT = {
    "empty": "The file is empty.",
    "too_large": "The file is larger than the limit of {mb} MB.",
    "unsupported": "Only PDF, PPTX, DOCX and XLSX files are accepted (checked by content).",
    "mismatch": "The file's content does not match its extension.",
}


def _session(slug: str, session_id: int) -> EventSession:
    session = db.session.execute(
        db.select(EventSession).join(Event).where(Event.slug == slug, EventSession.id == session_id)
    ).scalar_one_or_none()
    if session is None or (session.event.status == "draft" and not _is_staff()):
        raise ApiError(404, "not_found", "No such session in this event.")
    return session


def _is_staff() -> bool:
    user = current_api_user()
    return user is not None and user.is_staff


def _material(session: EventSession, material_id: int) -> Material:
    material = db.session.get(Material, material_id)
    if material is None or material.session_id != session.id:
        raise ApiError(404, "not_found", "No such material in this session.")
    return material


@bp.get("/events/<slug>/sessions/<int:session_id>/materials")
def list_materials(slug: str, session_id: int):
    """Public items for everyone; all items for organisers."""
    session = _session(slug, session_id)
    levels = visible_levels("organiser" if _is_staff() else "public")
    materials = db.session.execute(
        db.select(Material).where(Material.session_id == session.id, Material.visibility.in_(levels))
        .order_by(Material.id)
    ).scalars().all()
    for material in materials:
        material.session = session  # already loaded: no query per item for its URL
    return jsonify(data=[material_json(m) for m in materials])


@bp.post("/events/<slug>/sessions/<int:session_id>/materials")
@token_required("organiser")
def create_material(slug: str, session_id: int):
    session = _session(slug, session_id)
    source = request.form if request.files or request.form else json_object()
    title = str(source.get("title") or "").strip()
    visibility = str(source.get("visibility") or "registrants")
    fields = {}
    if visibility not in VISIBILITIES:
        fields["visibility"] = f"One of {', '.join(VISIBILITIES)}."
    if len(title) > 200:
        fields["title"] = "At most 200 characters."
    upload = request.files.get("file")
    if upload is None:
        url = str(source.get("url") or "")
        if link_problem(url):
            fields["url"] = "Send a file, or an http(s) URL for a link."
        if not title:
            fields["title"] = "This field is required."
    if fields:
        raise validation_error(fields)
    if upload is not None:
        try:
            material = add_file(session, title, visibility, upload.filename or "", upload.read(),
                                current_api_user())
        except UploadProblem as problem:
            message = UPLOAD_TEXT[problem.code].format(mb=max_upload_bytes() // (1024 * 1024))
            raise validation_error({"file": message}) from None
    else:
        material = add_link(session, title, visibility, url, current_api_user())
    record("material.create", material, after=snapshot(material, AUDITED),
           actor=current_api_user())
    db.session.commit()
    return jsonify(material_json(material)), 201


@bp.get("/events/<slug>/sessions/<int:session_id>/materials/<int:material_id>/file")
def material_file(slug: str, session_id: int, material_id: int):
    session = _session(slug, session_id)
    material = _material(session, material_id)
    if material.kind != "file" or material.visibility not in visible_levels(
            "organiser" if _is_staff() else "public"):
        raise ApiError(404, "not_found", "No such file.")
    return _send(material)


@bp.delete("/events/<slug>/sessions/<int:session_id>/materials/<int:material_id>")
@token_required("organiser")
def delete_material_api(slug: str, session_id: int, material_id: int):
    material = _material(_session(slug, session_id), material_id)
    record("material.delete", material, before=snapshot(material, AUDITED),
           actor=current_api_user())
    key = delete_material(material)
    db.session.commit()
    if key:
        storage.remove(key)
    return "", 204
