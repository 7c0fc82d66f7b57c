"""hashed correlation keys: observables and their derived links are indexed on a 64-bit hash
of (type, canonical value) instead of the text itself

The text index (type, value, record_id) made every ingested observable write a wide entry at
a random place in a large index; an 8-byte key writes entries several times smaller. Links
are derived from observables' values, so they are re-derived rather than copied.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 12:50:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from liaison.correlation.keys import links, value_key

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

CHUNK = 10_000
observables = sa.table('observables', sa.column('id', sa.Integer), sa.column('type'),
                       sa.column('value'), sa.column('value_key', sa.BigInteger))
derived = sa.table('observable_links', sa.column('observable_id'), sa.column('value_key'),
                   sa.column('type'), sa.column('value'))
PARTIAL = {"sqlite_where": sa.text("address_key IS NOT NULL"),
           "postgresql_where": sa.text("address_key IS NOT NULL")}


def _each_chunk(bind: sa.Connection):  # type: ignore[no-untyped-def]
    last = 0
    while True:
        rows = bind.execute(sa.select(observables.c.id, observables.c.type, observables.c.value)
                            .where(observables.c.id > last).order_by(observables.c.id)
                            .limit(CHUNK)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _links_table(hashed: bool) -> None:
    columns: list[sa.Column[Any]] = [sa.Column('observable_id', sa.Integer(), nullable=False)]
    if hashed:
        columns.append(sa.Column('value_key', sa.BigInteger(), autoincrement=False,
                                 nullable=False))
    columns += [sa.Column('type', sa.String(length=32), nullable=False),
                sa.Column('value', sa.String(length=2048), nullable=False)]
    key = ['observable_id', 'value_key'] if hashed else ['observable_id', 'type', 'value']
    op.create_table(
        'observable_links', *columns,
        sa.ForeignKeyConstraint(['observable_id'], ['observables.id'],
                                name=op.f('fk_observable_links_observable_id_observables'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint(*key, name=op.f('pk_observable_links')),
        **({'sqlite_with_rowid': False} if hashed else {}))
    with op.batch_alter_table('observable_links', schema=None) as batch_op:
        if hashed:
            batch_op.create_index('ix_observable_links_key', ['value_key'], unique=False)
        else:
            batch_op.create_index('ix_observable_links_value', ['type', 'value',
                                                                'observable_id'], unique=False)
    bind = op.get_bind()
    for rows in _each_chunk(bind):
        found = [{"observable_id": ident, "type": t.value, "value": v,
                  **({"value_key": value_key(t.value, v)} if hashed else {})}
                 for ident, type_, value in rows for t, v in links(type_, value)]
        if found:
            bind.execute(derived.insert() if hashed else sa.table(
                'observable_links', sa.column('observable_id'), sa.column('type'),
                sa.column('value')).insert(), found)


def upgrade() -> None:
    op.drop_table('observable_links')
    # a plain ALTER TABLE ADD COLUMN, filled, then made NOT NULL in the rebuild below
    op.add_column('observables', sa.Column('value_key', sa.BigInteger(), nullable=True))
    bind = op.get_bind()
    for rows in _each_chunk(bind):
        bind.execute(observables.update().where(observables.c.id == sa.bindparam('ident'))
                     .values(value_key=sa.bindparam('key')),
                     [{"ident": ident, "key": value_key(type_, value)}
                      for ident, type_, value in rows])
    with op.batch_alter_table('observables', schema=None) as batch_op:
        batch_op.alter_column('value_key', existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_index('ix_observables_value')
        batch_op.drop_index('ix_observables_address')
        batch_op.create_index('ix_observables_key', ['value_key'], unique=False)
        batch_op.create_index('ix_observables_address', ['address_key'], unique=False, **PARTIAL)
    _links_table(hashed=True)

    op.add_column('sightings', sa.Column('value_key', sa.BigInteger(), nullable=True))
    sightings = sa.table('sightings', sa.column('id'), sa.column('type'), sa.column('value'),
                         sa.column('value_key'))
    seen = bind.execute(sa.select(sightings.c.id, sightings.c.type, sightings.c.value)).all()
    if seen:
        bind.execute(sightings.update().where(sightings.c.id == sa.bindparam('ident'))
                     .values(value_key=sa.bindparam('key')),
                     [{"ident": ident, "key": value_key(type_, value)}
                      for ident, type_, value in seen])
    with op.batch_alter_table('sightings', schema=None) as batch_op:
        batch_op.alter_column('value_key', existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_index('ix_sightings_value')
        batch_op.create_index('ix_sightings_key', ['value_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sightings', schema=None) as batch_op:
        batch_op.drop_index('ix_sightings_key')
        batch_op.create_index('ix_sightings_value', ['type', 'value'], unique=False)
        batch_op.drop_column('value_key')
    op.drop_table('observable_links')
    with op.batch_alter_table('observables', schema=None) as batch_op:
        batch_op.drop_index('ix_observables_address')
        batch_op.drop_index('ix_observables_key')
        batch_op.create_index('ix_observables_address', ['address_key'], unique=False)
        batch_op.create_index('ix_observables_value', ['type', 'value', 'record_id'],
                              unique=False)
        batch_op.drop_column('value_key')
    _links_table(hashed=False)
