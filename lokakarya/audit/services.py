"""One helper to record a change: actor, action, object, data before and after."""
from typing import Any

from flask import g, has_request_context
from flask_login import current_user

from lokakarya.audit.models import AuditEntry
from lokakarya.extensions import db


def record(
    action: str,
    obj: Any,
    before: dict | None = None,
    after: dict | None = None,
    actor=None,
    actor_label: str = "",
    event_id: int | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction (flushed with the change, never committed)."""
    if actor is None:
        actor = _request_actor()
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label or (actor.email if actor is not None else "system"),
        action=action,
        object_type=type(obj).__name__,
        object_id=str(getattr(obj, "id", "")),
        event_id=event_id if event_id is not None else getattr(obj, "event_id", None),
        before=_jsonable(before),
        after=_jsonable(after),
    )
    db.session.add(entry)
    return entry


def _request_actor():
    """Who makes the current request: the API token's user, else the signed-in user."""
    if not has_request_context():
        return None
    if g.get("api_user") is not None:
        return g.api_user
    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict:
    return {name: getattr(obj, name) for name in fields}


def _jsonable(data: dict | None) -> dict | None:
    if data is None:
        return None
    out = {}
    for key, value in data.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str | int | float | bool | list | dict):
            value = str(value)
        out[key] = value
    return out
