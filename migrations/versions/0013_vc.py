"""vc: meetings created at providers, the vc task queue, registrants

Revision ID: 0013_vc
Revises: 0012_national
Create Date: 2026-12-07 02:24:26

Existing meetings are pasted links: managed false, no state, nothing to pull.

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_vc'
down_revision = '0012_national'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('vc_registrants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('provider_registrant_id', sa.String(length=200), nullable=False),
    sa.Column('join_url', sa.String(length=1000), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_vc_registrants_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_vc_registrants_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_registrants')),
    sa.UniqueConstraint('meeting_id', 'registration_id', name=op.f('uq_vc_registrants_meeting_id_registration_id'))
    )
    with op.batch_alter_table('vc_registrants', schema=None) as batch_op:
        batch_op.create_index('ix_vc_registrants_due', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_vc_registrants_registration_id'), ['registration_id'], unique=False)

    op.create_table('vc_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_vc_tasks_meeting_id_meetings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_tasks'))
    )
    with op.batch_alter_table('vc_tasks', schema=None) as batch_op:
        batch_op.create_index('ix_vc_tasks_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_vc_tasks_meeting_id'), ['meeting_id'], unique=False)

    with op.batch_alter_table('attendance_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_attendance_imports_meeting_id_meetings'), 'meetings',
                                    ['meeting_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('managed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('state', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('external_id', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('host_email', sa.String(length=254), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('provider_data', sa.Text(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('host_secrets', sa.Text(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('last_error', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('synced_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('pull_state', sa.String(length=10), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('pull_attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('pull_next_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('pulled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('pull_error', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('pull_rows', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('attendance_imports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attendance_imports_meeting_id_meetings'), type_='foreignkey')
        batch_op.drop_column('meeting_id')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('pull_rows')
        batch_op.drop_column('pull_error')
        batch_op.drop_column('pulled_at')
        batch_op.drop_column('pull_next_at')
        batch_op.drop_column('pull_attempts')
        batch_op.drop_column('pull_state')
        batch_op.drop_column('synced_at')
        batch_op.drop_column('last_error')
        batch_op.drop_column('host_secrets')
        batch_op.drop_column('provider_data')
        batch_op.drop_column('host_email')
        batch_op.drop_column('external_id')
        batch_op.drop_column('state')
        batch_op.drop_column('managed')

    with op.batch_alter_table('vc_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vc_tasks_meeting_id'))
        batch_op.drop_index('ix_vc_tasks_due')

    op.drop_table('vc_tasks')
    with op.batch_alter_table('vc_registrants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vc_registrants_registration_id'))
        batch_op.drop_index('ix_vc_registrants_due')

    op.drop_table('vc_registrants')
