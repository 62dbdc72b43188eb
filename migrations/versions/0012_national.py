"""Indexes for national scale (issue 15): registration lists a page at a time in arrival order,
seat counts under the registration lock read from an index alone, attendance lists by name.

Revision ID: 0012_national
Revises: 0011_oidc
Create Date: 2026-12-07 02:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0012_national"
down_revision = "0011_oidc"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations") as batch:
        # (event_id, status, agency_id) serves everything (event_id, status) did, and counts the
        # seats per agency without reading the table.
        batch.drop_index("ix_registrations_event_status")
        batch.create_index("ix_registrations_event_status_agency", ["event_id", "status", "agency_id"])
        batch.create_index("ix_registrations_event_created", ["event_id", "created_at", "id"])
        batch.create_index("ix_registrations_event_status_name", ["event_id", "status", "name", "id"])


def downgrade():
    with op.batch_alter_table("registrations") as batch:
        batch.drop_index("ix_registrations_event_status_name")
        batch.drop_index("ix_registrations_event_created")
        batch.drop_index("ix_registrations_event_status_agency")
        batch.create_index("ix_registrations_event_status", ["event_id", "status"])
