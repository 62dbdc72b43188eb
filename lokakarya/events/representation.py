"""Events and sessions as API JSON, and API JSON back into typed values (with problems)."""
from datetime import UTC, datetime

from flask_babel import gettext as _

from lokakarya.events.meetings import event_wide_meeting, meeting_for
from lokakarya.events.models import Event, EventSession, Meeting
from lokakarya.ical.calendar_links import event_feed_url
from lokakarya.registration import links
from lokakarya.vc.messages import error_fields

TEXT_FIELDS = ("slug", "title", "description", "organiser_unit", "contact_email", "timezone", "status")
INT_FIELDS = ("capacity", "quota_per_agency", "quota_per_province", "retention_days",
              "attendance_threshold")
NULLABLE_INTS = ("capacity", "quota_per_agency", "quota_per_province")
BOOL_FIELDS = ("requires_approval", "allow_central_agencies", "allow_pppk")
TIME_FIELDS = ("registration_opens_at", "registration_closes_at")


def _iso(value: datetime | None) -> str | None:
    # In UTC, as stored: the same answer before the commit as after a reload.
    return value.astimezone(UTC).isoformat() if value else None


def meeting_json(meeting: Meeting | None) -> dict | None:
    if meeting is None:
        return None
    # Organisers only (callers check). Host secrets (start URL, moderator passwords) never.
    return {"provider": meeting.provider, "join_url": meeting.join_url,
            "meeting_code": meeting.meeting_code, "passcode": meeting.passcode,
            "scope": "session" if meeting.session_id else "event",
            "created": meeting.managed, "external_id": meeting.external_id,
            "state": meeting.state or "pasted", **error_fields(meeting.last_error),
            "attendance": {"state": meeting.pull_state or "none", "pulled_at": _iso(meeting.pulled_at),
                           **error_fields(meeting.pull_error)}}


def event_json(event: Event, with_meeting: bool) -> dict:
    data = {name: getattr(event, name) for name in TEXT_FIELDS + INT_FIELDS + BOOL_FIELDS}
    data.update({name: _iso(getattr(event, name)) for name in TIME_FIELDS})
    data["province_codes"] = [p.province_code for p in event.invited]
    data["province_quotas"] = {p.province_code: p.quota for p in event.invited if p.quota}
    data["url"] = links.event_url(event.slug)
    data["calendar_url"] = event_feed_url(event.slug)
    if with_meeting:
        data["meeting"] = meeting_json(event_wide_meeting(event.meetings))
    return data


def session_json(session: EventSession, event: Event, with_meeting: bool) -> dict:
    data = {
        "id": session.id, "title": session.title, "description": session.description,
        "speakers": session.speakers.splitlines() if session.speakers else [],
        "starts_at": _iso(session.starts_at), "ends_at": _iso(session.ends_at),
        "status": session.status, "sequence": session.sequence, "position": session.position,
        "uid": session.uid,
    }
    if with_meeting:
        data["meeting"] = meeting_json(meeting_for(session, event.meetings))
    return data


def parse_instant(raw) -> datetime:
    """ISO 8601 with an offset; a time without offset is refused (ambiguous)."""
    value = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("no offset")
    return value


def _typed(name: str, raw, problems: dict[str, str]):
    if name in TIME_FIELDS or name in ("starts_at", "ends_at"):
        if raw is None and name in TIME_FIELDS:
            return None
        try:
            return parse_instant(raw)
        except (TypeError, ValueError):
            problems[name] = _("Gunakan ISO 8601 dengan zona, mis. 2020-11-12T08:30:00+07:00.")
    elif name in INT_FIELDS:
        if raw is None and name in NULLABLE_INTS:
            return None
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        problems[name] = _("Harus berupa bilangan bulat.")
    elif name in BOOL_FIELDS:
        if isinstance(raw, bool):
            return raw
        problems[name] = _("Harus true atau false.")
    elif isinstance(raw, str):
        return raw.strip() if name != "description" else raw
    else:
        problems[name] = _("Harus berupa teks.")
    return None


def event_values(body: dict) -> tuple[dict, dict[str, str]]:
    """The fields present in the body, typed; problems for wrongly typed ones."""
    values: dict = {}
    problems: dict[str, str] = {}
    for name in TEXT_FIELDS + INT_FIELDS + BOOL_FIELDS + TIME_FIELDS:
        if name in body:
            values[name] = _typed(name, body[name], problems)
    if "contact_email" in values and values["contact_email"]:
        values["contact_email"] = values["contact_email"].lower()
    if "province_codes" in body:
        codes = body["province_codes"]
        if isinstance(codes, list) and all(isinstance(c, str) for c in codes):
            values["province_codes"] = codes
        else:
            problems["province_codes"] = _("Harus berupa daftar kode provinsi.")
    if "province_quotas" in body:
        quotas = body["province_quotas"]
        if isinstance(quotas, dict) and all(
            isinstance(q, int) and not isinstance(q, bool) or q is None for q in quotas.values()
        ):
            values["province_quotas"] = quotas
        else:
            problems["province_quotas"] = _("Harus berupa objek kode → angka.")
    return values, problems


def session_values(body: dict) -> tuple[dict, dict[str, str]]:
    values: dict = {}
    problems: dict[str, str] = {}
    for name in ("title", "description", "starts_at", "ends_at"):
        if name in body:
            values[name] = _typed(name, body[name], problems)
    if "speakers" in body:
        speakers = body["speakers"]
        if isinstance(speakers, str):
            speakers = speakers.splitlines()
        if isinstance(speakers, list) and all(isinstance(s, str) for s in speakers):
            values["speakers"] = "\n".join(s.strip() for s in speakers if s.strip())
        else:
            problems["speakers"] = _("Harus berupa daftar nama.")
    return values, problems
