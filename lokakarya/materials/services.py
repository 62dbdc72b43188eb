"""Materials and minutes: adding, removing, listing per viewer, publishing (never commits)."""
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db
from lokakarya.mail.compose import Draft
from lokakarya.mail.outbox import queue
from lokakarya.materials import storage
from lokakarya.materials.files import check_upload
from lokakarya.materials.models import Material, Minutes, MinutesRevision
from lokakarya.materials.visibility import visible_levels
from lokakarya.registration import links
from lokakarya.registration.models import Registration
from lokakarya.timeutil import now_utc

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(current_app.config.get("MATERIALS_MAX_BYTES", DEFAULT_MAX_BYTES))


def materials_for(event_id: int, viewer: str) -> list[Material]:
    """What `viewer` ("public", "registrant", "organiser") may see, in agenda order (one query)."""
    return list(db.session.execute(
        db.select(Material).join(Material.session)
        .where(Material.event_id == event_id, Material.visibility.in_(visible_levels(viewer)))
        .options(joinedload(Material.session))
        .order_by(EventSession.starts_at, EventSession.position, Material.id)
    ).scalars())


def published_minutes(event_id: int) -> list[Minutes]:
    return list(db.session.execute(
        db.select(Minutes).join(Minutes.session)
        .where(Minutes.event_id == event_id, Minutes.published_at.is_not(None))
        .options(joinedload(Minutes.session)).order_by(EventSession.starts_at, EventSession.position)
    ).scalars())


def add_file(session: EventSession, title: str, visibility: str, filename: str, data: bytes,
             user=None) -> Material:
    """Raises files.UploadProblem for anything but a PDF/PPTX/DOCX/XLSX within the size limit."""
    checked = check_upload(filename, data, max_upload_bytes(), fallback_name=title)
    material = Material(
        event_id=session.event_id, session_id=session.id, kind="file",
        title=title.strip() or checked.download_name, visibility=visibility,
        storage_key=storage.save(data, checked.extension), download_name=checked.download_name,
        content_type=checked.content_type, size=len(data),
        uploaded_by_id=getattr(user, "id", None),
    )
    db.session.add(material)
    db.session.flush()
    return material


def add_link(session: EventSession, title: str, visibility: str, url: str, user=None) -> Material:
    material = Material(event_id=session.event_id, session_id=session.id, kind="link",
                        title=title.strip(), visibility=visibility, url=url.strip(),
                        uploaded_by_id=getattr(user, "id", None))
    db.session.add(material)
    db.session.flush()
    return material


def link_problem(url: str) -> str | None:
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")) or len(url) > 1000 or " " in url:
        return "url"
    return None


def delete_material(material: Material) -> str | None:
    """Remove the row; returns the storage key to remove once the transaction has committed."""
    key = material.storage_key
    db.session.delete(material)
    db.session.flush()
    return key


def material_json(material: Material) -> dict:
    data = {
        "id": material.id, "session_id": material.session_id, "kind": material.kind,
        "title": material.title, "visibility": material.visibility,
        "created_at": material.created_at.isoformat(),
    }
    if material.kind == "link":
        data["url"] = material.url
    else:
        data.update(download_name=material.download_name, content_type=material.content_type,
                    size=material.size,
                    download_url=f"{current_app.config['BASE_URL']}/api/v1/events/{material.session.event.slug}"
                                 f"/sessions/{material.session_id}/materials/{material.id}/file")
    return data


# --- minutes -------------------------------------------------------------------------------

def save_minutes(session: EventSession, minutes: Minutes | None, body: str, user=None) -> Minutes:
    """Keep the text; every change becomes a new revision. `minutes`: the session's current
    minutes as the caller loaded them, None before the first save."""
    if minutes is None:
        minutes = Minutes(event_id=session.event_id, session_id=session.id, body="")
        db.session.add(minutes)
        db.session.flush()
    if body == minutes.body and minutes.revisions:
        return minutes
    number = max((r.number for r in minutes.revisions), default=0) + 1
    minutes.body = body
    minutes.updated_at = now_utc()
    minutes.revisions.append(MinutesRevision(
        number=number, body=body, author_id=getattr(user, "id", None),
        author_label=getattr(user, "email", "") or ""))
    db.session.flush()
    return minutes


def publish_minutes(event: Event, minutes: Minutes) -> int:
    """Publish and tell the confirmed registrants (one outbox message each); returns how many."""
    minutes.published_at = now_utc()
    registrations = db.session.execute(
        db.select(Registration).where(Registration.event_id == event.id,
                                      Registration.status == "confirmed",
                                      Registration.anonymised_at.is_(None),
                                      Registration.email.is_not(None))
    ).scalars().all()
    for registration in registrations:
        with force_locale(registration.locale or "id"):
            text = render_template("materials/mail/minutes.txt", event=event, session=minutes.session,
                                   registration=registration,
                                   personal_link=links.personal_url(registration))
            subject = _("Notulen tersedia: %(title)s", title=minutes.session.title)
        queue(Draft(to=registration.email, subject=subject, text=text), kind="minutes", flush=False)
    db.session.flush()  # every message in one INSERT
    return len(registrations)
