from flask import Blueprint, render_template
from flask_login import current_user

from lokakarya.core.conditional import anonymous_page, conditional
from lokakarya.core.lookup import or_404
from lokakarya.events import freshness
from lokakarya.events.agenda import by_day
from lokakarya.events.labels import EVENT_STATUS_LABELS
from lokakarya.events.meetings import PROVIDER_LABELS, event_wide_meeting, meeting_for
from lokakarya.events.queries import event_for_page, viewer_is_staff, visible_events
from lokakarya.timeutil import ZONE_LABELS

bp = Blueprint("events", __name__)
bp.add_app_template_global(meeting_for, "meeting_for")
bp.add_app_template_global(PROVIDER_LABELS, "provider_labels")
bp.add_app_template_global(EVENT_STATUS_LABELS, "event_status_labels")
bp.add_app_template_global(ZONE_LABELS, "zone_labels")


def viewer_timezone() -> str | None:
    """The signed-in user's province zone, to show their local time beside the event's."""
    if current_user.is_authenticated and current_user.province is not None:
        return current_user.province.timezone
    if current_user.is_authenticated and current_user.agency and current_user.agency.province:
        return current_user.agency.province.timezone
    return None


# Anonymous visitors get an ETag and a 304 when their copy is current (core/conditional);
# a signed-in viewer's page is their own and never kept (core/security_headers).
@bp.get("/")
def index():
    version = freshness.index_page() if anonymous_page() else None
    return conditional(version, lambda: render_template("events/index.html", events=visible_events()))


@bp.get("/events/<slug>")
def detail(slug: str):
    version = freshness.event_page(slug) if anonymous_page() else None
    return conditional(version, lambda: _detail(slug))


def _detail(slug: str) -> str:
    event = or_404(event_for_page(slug))
    staff = viewer_is_staff()  # join links only for organisers on this page
    return render_template(
        "events/detail.html", event=event, days=by_day(event.sessions, event.timezone),
        viewer_tz=viewer_timezone(), show_meetings=staff,
        event_meeting=event_wide_meeting(event.meetings) if staff else None,
    )


from lokakarya.events import manage  # noqa: E402, F401  (organiser routes on this blueprint)
