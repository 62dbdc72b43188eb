"""When a session's join link works (pure): from 30 minutes before the start to the end."""
from dataclasses import dataclass
from datetime import datetime, timedelta

JOIN_OPENS_BEFORE = timedelta(minutes=30)


@dataclass(frozen=True)
class JoinState:
    state: str  # "waiting", "open", "ended" or "cancelled"
    opens_at: datetime


def join_state(starts_at: datetime, ends_at: datetime, cancelled: bool, now: datetime) -> JoinState:
    opens_at = starts_at - JOIN_OPENS_BEFORE
    if cancelled:
        return JoinState("cancelled", opens_at)
    if now > ends_at:
        return JoinState("ended", opens_at)
    if now < opens_at:
        return JoinState("waiting", opens_at)
    return JoinState("open", opens_at)
