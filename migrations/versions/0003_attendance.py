"""Attendance rules per session, report imports, remembered name decisions, certificates.

Revision ID: 0003_attendance
Revises: 0002_regions
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_attendance"
down_revision = "0002_regions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attendance_session_rules",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("checkin_code", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["event_sessions.id"],
                                name=op.f("fk_attendance_session_rules_session_id_event_sessions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_attendance_session_rules")),
    )
    op.create_table(
        "attendance_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=40), nullable=False),
        sa.Column("date_order", sa.String(length=3), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("unmatched", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_attendance_imports_created_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_attendance_imports_event_id_events"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_imports")),
    )
    with op.batch_alter_table("attendance_imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_imports_event_id"), ["event_id"], unique=False)
    op.create_table(
        "attendance_name_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(length=300), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_attendance_name_decisions_decided_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_attendance_name_decisions_event_id_events"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registration_id"], ["registrations.id"],
                                name=op.f("fk_attendance_name_decisions_registration_id_registrations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_name_decisions")),
        sa.UniqueConstraint("event_id", "identity", name=op.f("uq_attendance_name_decisions_event_id_identity")),
    )
    with op.batch_alter_table("attendance_name_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_name_decisions_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_name_decisions_registration_id"),
                              ["registration_id"], unique=False)
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoke_reason", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_certificates_event_id_events"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["issued_by_id"], ["users.id"],
                                name=op.f("fk_certificates_issued_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["registration_id"], ["registrations.id"],
                                name=op.f("fk_certificates_registration_id_registrations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("code", name=op.f("uq_certificates_code")),
        sa.UniqueConstraint("event_id", "serial", name=op.f("uq_certificates_event_id_serial")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_certificates_registration_id")),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificates_event_id"), ["event_id"], unique=False)


def downgrade():
    op.drop_table("certificates")
    op.drop_table("attendance_name_decisions")
    op.drop_table("attendance_imports")
    op.drop_table("attendance_session_rules")
