"""flask worker: heartbeats, daily runs, and a NOTIFY when mail is queued (issue 15)

Revision ID: 0008_worker
Revises: 0007_drop_login_lockout
Create Date: 2026-12-07 00:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008_worker"
down_revision = "0007_drop_login_lockout"
branch_labels = None
depends_on = None

# PostgreSQL: every transaction that inserts outbox rows wakes the listening workers when it
# commits (NOTIFY is delivered at commit, once per transaction however many rows it wrote).
NOTIFY_FUNCTION = """
CREATE FUNCTION outbox_messages_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lokakarya_outbox', '');
    RETURN NULL;
END $$
"""
NOTIFY_TRIGGER = """
CREATE TRIGGER outbox_messages_notify AFTER INSERT ON outbox_messages
FOR EACH STATEMENT EXECUTE FUNCTION outbox_messages_notify()
"""


def upgrade():
    op.create_table('worker_daily_runs',
    sa.Column('job', sa.String(length=50), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('ran_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('job', 'day', name=op.f('pk_worker_daily_runs'))
    )
    op.create_table('worker_heartbeats',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('beat_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_worker_heartbeats'))
    )
    with op.batch_alter_table('worker_heartbeats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_heartbeats_beat_at'), ['beat_at'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NOTIFY_FUNCTION)
        op.execute(NOTIFY_TRIGGER)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER outbox_messages_notify ON outbox_messages")
        op.execute("DROP FUNCTION outbox_messages_notify()")
    with op.batch_alter_table('worker_heartbeats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_heartbeats_beat_at'))
    op.drop_table('worker_heartbeats')
    op.drop_table('worker_daily_runs')
