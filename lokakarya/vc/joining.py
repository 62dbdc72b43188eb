"""The join URL a registrant is sent to by the tracked redirect (/r/<token>/join/<id>): their own
when the provider gives one, computed at click time; the meeting's generic one otherwise."""
from __future__ import annotations

from collections.abc import Mapping

from lokakarya.events.models import Event, Meeting
from lokakarya.extensions import db
from lokakarya.registration.models import Registration
from lokakarya.vc import providers
from lokakarya.vc.models import VcRegistrant
from lokakarya.vc.provider import ProviderError, Registrant
from lokakarya.vc.schedule import view_of


def ready(meeting: Meeting) -> bool:
    """A pasted link, or a created meeting with its link known (not cancelled)."""
    return bool(meeting.join_url) and not (meeting.managed and meeting.state == "cancelled")


def waiting_for_room(meeting: Meeting, event: Event) -> bool:
    """A created meeting whose room is known not to be on the provider's server yet (BBB opens it
    ahead of the join window, and again after it ended early): the redirect shows a page that
    waits instead of the provider's "meeting not found". Asks nobody: reads what the worker saw."""
    module = providers.get(meeting.provider) if meeting.managed else None
    if module is None or not hasattr(module, "room_ready"):
        return False
    return not module.room_ready(view_of(meeting, event))


def personal_join_url(config: Mapping, meeting: Meeting, event: Event, registration: Registration,
                      moderator: bool = False) -> str:
    if not meeting.managed:
        return meeting.join_url
    module = providers.get(meeting.provider)
    if module is None:
        return meeting.join_url
    stored = db.session.execute(
        db.select(VcRegistrant.join_url).where(VcRegistrant.meeting_id == meeting.id,
                                               VcRegistrant.registration_id == registration.id,
                                               VcRegistrant.state == "registered")).scalar_one_or_none()
    agency = registration.agency.name if registration.agency is not None else ""
    person = Registrant(key=str(registration.id), name=registration.name or "",
                        email=registration.email or "", agency=agency, join_url=stored or "",
                        moderator=moderator)
    try:
        return module.personal_join_url(config, view_of(meeting, event), person) or meeting.join_url
    except ProviderError:
        return meeting.join_url
