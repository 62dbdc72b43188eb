"""An item's history from the audit log: who, when, what changed (pure folding of entries)."""
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from lokakarya.audit.models import AuditEntry
from lokakarya.extensions import db

HIDDEN = {"update_id", "tracked"}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    action: str
    changes: list[tuple[str, object, object]]


def changes(before: dict | None, after: dict | None) -> list[tuple[str, object, object]]:
    """(field, old, new) for every field that differs; new fields with values count too."""
    before, after = before or {}, after or {}
    out = []
    for field in list(after) + [f for f in before if f not in after]:
        if field in HIDDEN:
            continue
        old, new = before.get(field), after.get(field)
        if old != new and not (old is None and new in ("", None)):
            out.append((field, old, new))
    return out


def history(object_type: str, object_id: int) -> list[HistoryLine]:
    entries = db.session.execute(
        sa.select(AuditEntry).where(AuditEntry.object_type == object_type,
                                    AuditEntry.object_id == str(object_id)).order_by(AuditEntry.id)
    ).scalars()
    return [HistoryLine(e.created_at, e.actor_label, e.action, changes(e.before, e.after)) for e in entries]
