"""record techniques: the ATT&CK ids a record cites

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 05:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('record_techniques',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('attack_id', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'],
                            name=op.f('fk_record_techniques_record_id_records'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('record_id', 'attack_id', name=op.f('pk_record_techniques'))
    )
    with op.batch_alter_table('record_techniques', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_techniques_attack_id'), ['attack_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('record_techniques', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_techniques_attack_id'))
    op.drop_table('record_techniques')
