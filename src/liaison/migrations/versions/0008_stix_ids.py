"""stix ids: the STIX ids imported reports and indicators came with

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import liaison.db

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stix_ids',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('stix_id', sa.String(length=100), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=True),
    sa.Column('value', sa.String(length=2048), nullable=True),
    sa.Column('modified', liaison.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'],
                            name=op.f('fk_stix_ids_record_id_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('record_id', 'stix_id', name=op.f('pk_stix_ids'))
    )
    with op.batch_alter_table('stix_ids', schema=None) as batch_op:
        batch_op.create_index('ix_stix_ids_stix_id', ['stix_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('stix_ids', schema=None) as batch_op:
        batch_op.drop_index('ix_stix_ids_stix_id')
    op.drop_table('stix_ids')
