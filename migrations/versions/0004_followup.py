"""Follow-up: rounds, submissions, issues, action items, updates, sent reminders.

Revision ID: 0004_followup
Revises: 0003_attendance
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_followup"
down_revision = "0003_attendance"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "followup_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_followup_rounds_event_id_events",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["opened_by_id"], ["users.id"], name="fk_followup_rounds_opened_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_followup_rounds"),
        sa.UniqueConstraint("event_id", name="uq_followup_rounds_event_id"),
    )
    op.create_table(
        "followup_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_comment", sa.Text(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_followup_submissions_event_id_events",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["province_code"], ["provinces.code"],
                                name="fk_followup_submissions_province_code_provinces"),
        sa.PrimaryKeyConstraint("id", name="pk_followup_submissions"),
        sa.UniqueConstraint("event_id", "province_code", name="uq_followup_submissions_event_id_province_code"),
    )
    op.create_table(
        "followup_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name="fk_followup_issues_agency_id_agencies"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_followup_issues_created_by_id_users"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_followup_issues_event_id_events",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["province_code"], ["provinces.code"],
                                name="fk_followup_issues_province_code_provinces"),
        sa.PrimaryKeyConstraint("id", name="pk_followup_issues"),
    )
    op.create_index("ix_followup_issues_event_province", "followup_issues", ["event_id", "province_code"])
    op.create_table(
        "followup_action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("expected_output", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("verification", sa.String(length=20), nullable=True),
        sa.Column("verification_note", sa.Text(), nullable=False),
        sa.Column("tracked", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name="fk_followup_action_items_agency_id_agencies"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name="fk_followup_action_items_created_by_id_users"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_followup_action_items_event_id_events",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["province_code"], ["provinces.code"],
                                name="fk_followup_action_items_province_code_provinces"),
        sa.PrimaryKeyConstraint("id", name="pk_followup_action_items"),
    )
    op.create_index("ix_followup_action_items_agency_id", "followup_action_items", ["agency_id"])
    op.create_index("ix_followup_action_items_due_date", "followup_action_items", ["due_date"])
    op.create_index("ix_followup_action_items_event_province", "followup_action_items",
                    ["event_id", "province_code", "agency_id", "category", "status", "verification", "due_date",
                     "tracked"])
    op.create_index("ix_followup_action_items_province_status", "followup_action_items",
                    ["province_code", "status"])
    op.create_index("ix_followup_action_items_dash_place", "followup_action_items",
                    ["province_code", "agency_id", "status", "verification", "due_date", "tracked"])
    op.create_index("ix_followup_action_items_dash_category", "followup_action_items",
                    ["category", "status", "verification", "due_date", "tracked"])
    op.create_table(
        "followup_action_item_issues",
        sa.Column("action_item_id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["action_item_id"], ["followup_action_items.id"],
                                name="fk_followup_action_item_issues_action_item_id",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["issue_id"], ["followup_issues.id"],
                                name="fk_followup_action_item_issues_issue_id_followup_issues", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("action_item_id", "issue_id", name="pk_followup_action_item_issues"),
    )
    op.create_table(
        "followup_action_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_item_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("evidence_url", sa.String(length=1000), nullable=False),
        sa.Column("evidence_path", sa.String(length=200), nullable=False),
        sa.Column("evidence_name", sa.String(length=200), nullable=False),
        sa.Column("evidence_type", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["action_item_id"], ["followup_action_items.id"],
                                name="fk_followup_action_updates_action_item_id_followup_action_items",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_followup_action_updates_author_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_followup_action_updates"),
    )
    op.create_index("ix_followup_action_updates_action_item_id", "followup_action_updates", ["action_item_id"])
    op.create_table(
        "followup_sent_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_followup_sent_reminders"),
        sa.UniqueConstraint("key", name="uq_followup_sent_reminders_key"),
    )


def downgrade():
    op.drop_table("followup_sent_reminders")
    op.drop_index("ix_followup_action_updates_action_item_id", table_name="followup_action_updates")
    op.drop_table("followup_action_updates")
    op.drop_table("followup_action_item_issues")
    for name in ("ix_followup_action_items_dash_category", "ix_followup_action_items_dash_place",
                 "ix_followup_action_items_province_status", "ix_followup_action_items_event_province",
                 "ix_followup_action_items_due_date", "ix_followup_action_items_agency_id"):
        op.drop_index(name, table_name="followup_action_items")
    op.drop_table("followup_action_items")
    op.drop_index("ix_followup_issues_event_province", table_name="followup_issues")
    op.drop_table("followup_issues")
    op.drop_table("followup_submissions")
    op.drop_table("followup_rounds")
