"""Video meetings: which provider a join URL belongs to (pure) and which meeting a session uses."""
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

# Host suffix → provider; the first match wins.
PROVIDER_HOSTS = (
    ("zoom.us", "zoom"),
    ("zoomgov.com", "zoom"),
    ("meet.google.com", "meet"),
    ("teams.microsoft.com", "teams"),
    ("teams.live.com", "teams"),
    ("meet.jit.si", "jitsi"),
    ("youtube.com", "youtube"),
    ("youtu.be", "youtube"),
)
PROVIDER_LABELS = {
    "zoom": "Zoom", "meet": "Google Meet", "teams": "Microsoft Teams", "jitsi": "Jitsi",
    "youtube": "YouTube Live", "bbb": "BigBlueButton", "other": _l("Lainnya"),
}


def join_url_problem(url: str) -> str | None:
    """'required', 'https' or 'invalid' when the URL cannot be a join link; None when fine."""
    url = (url or "").strip()
    if not url:
        return "required"
    parts = urlsplit(url)
    if parts.scheme.lower() != "https":
        return "https"
    if not parts.hostname or "." not in parts.hostname or any(c.isspace() for c in url):
        return "invalid"
    return None


def provider_for_url(url: str) -> str:
    host = (urlsplit(url.strip()).hostname or "").lower()
    for suffix, provider in PROVIDER_HOSTS:
        if host == suffix or host.endswith("." + suffix):
            return provider
    return "other"


def event_wide_meeting(event_meetings) -> object | None:
    """The event-wide meeting: the one without a session."""
    return next((m for m in event_meetings if m.session_id is None), None)


def meeting_for(session, event_meetings) -> object | None:
    """The session's own meeting, else the event-wide one."""
    if session.meeting is not None:
        return session.meeting
    return event_wide_meeting(event_meetings)
