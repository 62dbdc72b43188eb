"""Every event has its reminder settings and default rules, so that reading them never writes

Until now the reminder page and `GET /api/v1/events/{slug}/reminders` created the default rules
on first reading; new events get them when created, and this gives them to existing events.

Revision ID: 0009_reminder_defaults
Revises: 0008_worker
Create Date: 2026-12-07 02:50:00

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = "0009_reminder_defaults"
down_revision = "0008_worker"
branch_labels = None
depends_on = None

# The defaults as they were when this migration was written (reminders/timing.DEFAULT_OFFSETS):
# the day before at 09:00 local time, and 60 minutes before the start.
DEFAULT_RULES = (
    {"kind": "day_before", "days_before": 1, "local_time": "09:00", "minutes_before": None},
    {"kind": "minutes_before", "days_before": None, "local_time": None, "minutes_before": 60},
)

settings = sa.table("reminder_settings", sa.column("event_id", sa.Integer), sa.column("enabled", sa.Boolean))
rules = sa.table(
    "reminder_rules", sa.column("event_id", sa.Integer), sa.column("kind", sa.String),
    sa.column("days_before", sa.Integer), sa.column("local_time", sa.String),
    sa.column("minutes_before", sa.Integer), sa.column("include_pending", sa.Boolean),
    sa.column("include_waitlisted", sa.Boolean), sa.column("active", sa.Boolean),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade():
    bind = op.get_bind()
    missing = bind.execute(sa.text(
        "SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM reminder_settings)")).scalars().all()
    if not missing:
        return
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":  # stored as naive UTC there (timeutil.UTCDateTime)
        now = now.replace(tzinfo=None)
    op.bulk_insert(settings, [{"event_id": event_id, "enabled": True} for event_id in missing])
    op.bulk_insert(rules, [
        {"event_id": event_id, **rule, "include_pending": False, "include_waitlisted": False,
         "active": True, "created_at": now}
        for event_id in missing for rule in DEFAULT_RULES
    ])


def downgrade():
    pass  # the rules stay: they are the event's settings now, maybe changed since
