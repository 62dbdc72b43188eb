"""Attendance presence and standings (issue 15): what the attendance rule makes of each
registration's rows, kept beside them so that the recap and certificates pages count with
GROUP BY; filled here from the rows already recorded. An index for the recap's rows per session
and source.

Revision ID: 0015_presence
Revises: 0014_seats_held
Create Date: 2026-12-07 06:00:00

"""
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from lokakarya.attendance.rules import SessionRule, SourceRow, effective_minutes, status
from lokakarya.timeutil import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0015_presence"
down_revision = "0014_seats_held"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attendance_presence",
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_attendance_presence_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registration_id"], ["registrations.id"],
                                name=op.f("fk_attendance_presence_registration_id_registrations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["event_sessions.id"],
                                name=op.f("fk_attendance_presence_session_id_event_sessions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("registration_id", "session_id", name=op.f("pk_attendance_presence")),
    )
    with op.batch_alter_table("attendance_presence") as batch:
        batch.create_index(batch.f("ix_attendance_presence_event_id"), ["event_id"], unique=False)
        batch.create_index(batch.f("ix_attendance_presence_session_id"), ["session_id"], unique=False)
    op.create_table(
        "attendance_standings",
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_attendance_standings_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registration_id"], ["registrations.id"],
                                name=op.f("fk_attendance_standings_registration_id_registrations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("registration_id", name=op.f("pk_attendance_standings")),
    )
    with op.batch_alter_table("attendance_standings") as batch:
        batch.create_index("ix_attendance_standings_event_status", ["event_id", "status"], unique=False)
    with op.batch_alter_table("attendance") as batch:
        batch.create_index("ix_attendance_session_source", ["session_id", "source", "updated_at"], unique=False)
    _fill()


def _fill():
    """Every event's rows through the rule, an event at a time."""
    conn = op.get_bind()
    sessions = sa.table("event_sessions", sa.column("id"), sa.column("event_id"), sa.column("status"),
                        sa.column("starts_at", UTCDateTime()), sa.column("ends_at", UTCDateTime()))
    rules_table = sa.table("attendance_session_rules", sa.column("session_id"), sa.column("mandatory"))
    events = sa.table("events", sa.column("id"), sa.column("attendance_threshold"))
    attendance = sa.table("attendance", sa.column("registration_id"), sa.column("session_id"), sa.column("source"),
                          sa.column("minutes"), sa.column("first_join_at", UTCDateTime()), sa.column("status"))
    presence = sa.table("attendance_presence", sa.column("registration_id"), sa.column("session_id"),
                        sa.column("event_id"), sa.column("minutes"))
    standings = sa.table("attendance_standings", sa.column("registration_id"), sa.column("event_id"),
                         sa.column("status"), sa.column("minutes"))
    mandatory = {r.session_id for r in conn.execute(sa.select(rules_table.c.session_id)
                                                    .where(rules_table.c.mandatory.is_(True)))}
    for event_id, threshold in conn.execute(sa.select(events.c.id, events.c.attendance_threshold)).all():
        rules = {s.id: SessionRule(s.id, s.starts_at, s.ends_at, s.id in mandatory, s.status == "cancelled")
                 for s in conn.execute(sa.select(sessions).where(sessions.c.event_id == event_id))}
        if not rules:
            continue
        found = defaultdict(lambda: defaultdict(list))
        for r in conn.execute(sa.select(attendance).where(attendance.c.session_id.in_(list(rules)))):
            found[r.registration_id][r.session_id].append(SourceRow(r.source, r.minutes, r.first_join_at, r.status))
        present, standing = [], []
        for reg, by_session in found.items():
            minutes = {sid: effective_minutes(rows, rules[sid]) for sid, rows in by_session.items()}
            present += [{"registration_id": reg, "session_id": sid, "event_id": event_id, "minutes": m}
                        for sid, m in minutes.items()]
            state = status({sid: minutes.get(sid, 0) for sid in rules}, rules.values(), threshold)
            standing.append({"registration_id": reg, "event_id": event_id, "status": state,
                             "minutes": sum(m or 0 for m in minutes.values())})
        if present:
            conn.execute(presence.insert(), present)
            conn.execute(standings.insert(), standing)


def downgrade():
    with op.batch_alter_table("attendance") as batch:
        batch.drop_index("ix_attendance_session_source")
    op.drop_table("attendance_standings")
    op.drop_table("attendance_presence")
