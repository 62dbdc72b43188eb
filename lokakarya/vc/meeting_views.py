"""The organiser's page of an event's created meetings: state, the provider's message, a retry;
registrants; the attendance pull. One commit per request; a GET never writes."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func

from lokakarya.auth.decorators import staff_required
from lokakarya.core.lookup import or_404
from lokakarya.events.meetings import PROVIDER_LABELS
from lokakarya.events.models import Meeting
from lokakarya.events.queries import event_for_page
from lokakarya.extensions import db
from lokakarya.vc import choices
from lokakarya.vc.blueprint import bp
from lokakarya.vc.messages import provider_notes, pull_labels, registrant_labels, state_labels
from lokakarya.vc.models import VcRegistrant
from lokakarya.vc.pull import pull_again
from lokakarya.vc.sync import retry_meeting


def _event(slug: str):
    return or_404(event_for_page(slug))


def _meeting(event, meeting_id: int) -> Meeting:
    return or_404(next((m for m in event.meetings if m.id == meeting_id and m.managed), None))


def registrant_counts(event) -> dict[int, dict[str, int]]:
    """meeting id → state → people (one statement)."""
    rows = db.session.execute(
        db.select(VcRegistrant.meeting_id, VcRegistrant.state, func.count())
        .join(Meeting, Meeting.id == VcRegistrant.meeting_id)
        .where(Meeting.event_id == event.id).group_by(VcRegistrant.meeting_id, VcRegistrant.state))
    found: dict[int, dict[str, int]] = {}
    for meeting_id, state, count in rows:
        found.setdefault(meeting_id, {})[state] = count
    return found


@bp.get("/events/<slug>/meetings")
@staff_required
def meetings(slug: str):
    event = _event(slug)
    sessions = {s.id: s for s in event.sessions}
    created = sorted((m for m in event.meetings if m.managed),
                     key=lambda m: (m.session_id is not None, sessions[m.session_id].starts_at
                                    if m.session_id in sessions else None, m.id))
    return render_template(
        "vc/meetings.html", event=event, meetings=created, sessions=sessions,
        counts=registrant_counts(event), states=state_labels(), pulls=pull_labels(),
        people=registrant_labels(), provider_labels=PROVIDER_LABELS,
        offered=choices.offered(current_app.config), notes=provider_notes())


@bp.post("/events/<slug>/meetings/<int:meeting_id>/retry")
@staff_required
def retry(slug: str, meeting_id: int):
    event = _event(slug)
    meeting = _meeting(event, meeting_id)
    if retry_meeting(meeting):
        db.session.commit()
        flash(_("Dijadwalkan ulang: layanan rapat dihubungi lagi dalam satu menit."), "success")
    else:
        flash(_("Tidak ada yang gagal untuk rapat ini."), "info")
    return redirect(url_for("vc.meetings", slug=slug))


@bp.post("/events/<slug>/meetings/<int:meeting_id>/pull")
@staff_required
def pull(slug: str, meeting_id: int):
    event = _event(slug)
    meeting = _meeting(event, meeting_id)
    if meeting.state not in ("created", "updating"):
        flash(_("Kehadiran hanya dapat diambil dari rapat yang sudah dibuat."), "error")
        return redirect(url_for("vc.meetings", slug=slug))
    pull_again(meeting)
    db.session.commit()
    flash(_("Kehadiran akan diambil lagi dalam beberapa menit."), "success")
    return redirect(url_for("vc.meetings", slug=slug))
