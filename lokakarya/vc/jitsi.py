"""Jitsi Meet on the organisation's own server (JITSI_URL): a room per session, nothing to call.

A room is a name on the server: {JITSI_URL}/{room}; it exists while someone is in it. The name is
made from the session's title and an unguessable suffix, so nobody finds it by trying names.
When the server uses token authentication (prosody `authentication = "token"`, JITSI_APP_ID and
JITSI_APP_SECRET as its app_id/app_secret) each person joins with their own JWT (HS256; claims as
jitsi-meet's prosody-plugins/token README: aud, iss = app id, sub = the domain or tenant, room,
nbf, exp shortly after the session's end, context.user {id, name, email}) in `?jwt=`, computed at
click time behind the app's tracked redirect. Without a secret the room URL is the link, with the
person's name filled in (the `#userInfo.displayName` part stays in the browser).

Jitsi has no attendance API: ATTENDANCE is False; the organiser is told to use check-in and the
join links (which the tracked redirect records as always).
"""
from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlsplit

import jwt

from lokakarya.vc.provider import (
    MeetingSpec,
    MeetingView,
    ProvisionedMeeting,
    PulledAttendee,
    Registrant,
)

NAME = "jitsi"
LABEL = "Jitsi Meet"
REGISTRATION = False
ATTENDANCE = False

TOKEN_EARLY = timedelta(minutes=35)    # nbf: the join link opens 30 minutes before, clocks differ
TOKEN_AFTER_END = timedelta(minutes=30)  # exp: "shortly after the session end"
TOKEN_NO_END = timedelta(hours=12)     # exp for a meeting without an end (event-wide, no sessions)
ROOM_WORDS_MAX = 40


def configured(config: Mapping) -> bool:
    return bool(config.get("JITSI_URL"))


def token_auth(config: Mapping) -> bool:
    return bool(config.get("JITSI_APP_ID") and config.get("JITSI_APP_SECRET"))


def room_name(title: str, suffix: str) -> str:
    """Lower-case ASCII words of the title joined by '-', then the suffix. Pure."""
    ascii_title = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:ROOM_WORDS_MAX].strip("-")
    return f"{words}-{suffix}" if words else f"lokakarya-{suffix}"


def subject(config: Mapping) -> str:
    """`sub`: the tenant for https://host/tenant/room, else the lower-case domain."""
    parts = urlsplit(str(config["JITSI_URL"]))
    tenant = parts.path.strip("/").split("/")[-1] if parts.path.strip("/") else ""
    return (tenant or parts.hostname or "").lower()


def room_url(config: Mapping, room: str) -> str:
    return f"{str(config['JITSI_URL']).rstrip('/')}/{quote(room)}"


def token_claims(config: Mapping, meeting: MeetingView, registrant: Registrant, now: datetime) -> dict:
    starts = meeting.starts_at or now
    expires = (meeting.ends_at + TOKEN_AFTER_END) if meeting.ends_at else now + TOKEN_NO_END
    user = {"id": registrant.key, "name": " ".join(registrant.name.split()), "email": registrant.email}
    if registrant.moderator:
        user["affiliation"] = "owner"
    return {
        "aud": "jitsi",
        "iss": str(config["JITSI_APP_ID"]),
        "sub": subject(config),
        "room": meeting.external_id,
        "iat": int(now.timestamp()),
        "nbf": int((min(starts, now) - TOKEN_EARLY).timestamp()),
        "exp": int(max(expires, now + timedelta(minutes=5)).timestamp()),
        "moderator": registrant.moderator,
        "context": {"user": user},
    }


def create(config: Mapping, spec: MeetingSpec) -> ProvisionedMeeting:
    room = room_name(spec.title, secrets.token_hex(6))
    return ProvisionedMeeting(external_id=room, join_url=room_url(config, room))


def update(config: Mapping, external_id: str, spec: MeetingSpec) -> None:
    """A room has no schedule: the new times only change the tokens' validity."""


def cancel(config: Mapping, external_id: str) -> None:
    """Nothing to delete on the server; the app stops sending people there."""


def register(config: Mapping, external_id: str, registrant: Registrant):
    return None


def unregister(config: Mapping, external_id: str, registrant_key: str,
               provider_registrant_id: str, email: str) -> None:
    return None


def personal_join_url(config: Mapping, meeting: MeetingView, registrant: Registrant) -> str:
    url = room_url(config, meeting.external_id)
    if token_auth(config):
        claims = token_claims(config, meeting, registrant, datetime.now(UTC))
        token = jwt.encode(claims, str(config["JITSI_APP_SECRET"]), algorithm="HS256")
        return f"{url}?jwt={token}"
    name = " ".join(registrant.name.split())
    return f"{url}#userInfo.displayName=%22{quote(name, safe='')}%22" if name else url


def pull_attendance(config: Mapping, meeting: MeetingView) -> list[PulledAttendee]:
    """Jitsi keeps no attendance report."""
    return []
