"""Session version on users: logout, a new password or a reset ends every earlier session (issue 12)

Revision ID: 0006_session_version
Revises: 0005_extras
Create Date: 2026-12-06 23:41:19.383026

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006_session_version"
down_revision = "0005_extras"
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts start at 0; sessions signed in before carry no version and end at once
    # (everyone signs in again after this upgrade).
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
