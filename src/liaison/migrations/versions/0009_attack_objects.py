"""attack objects: MITRE ATT&CK reference knowledge

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import liaison.db

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attack_objects',
    sa.Column('stix_id', sa.String(length=100), nullable=False),
    sa.Column('type', sa.String(length=60), nullable=False),
    sa.Column('attack_id', sa.String(length=20), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('domains', sa.JSON(), nullable=False),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('deprecated', sa.Boolean(), nullable=False),
    sa.Column('modified', liaison.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('stix', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('stix_id', name=op.f('pk_attack_objects'))
    )
    with op.batch_alter_table('attack_objects', schema=None) as batch_op:
        batch_op.create_index('ix_attack_objects_attack_id', ['attack_id'], unique=False)
        batch_op.create_index('ix_attack_objects_type', ['type', 'name'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('attack_objects', schema=None) as batch_op:
        batch_op.drop_index('ix_attack_objects_type')
        batch_op.drop_index('ix_attack_objects_attack_id')
    op.drop_table('attack_objects')
