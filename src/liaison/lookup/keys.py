"""Each agency's OPRF key: made on first use, replaced on rotation, locked while in use.

Writers of an agency's tokens hold its key row shared, a rotation holds it exclusively: tokens
are always all under one key, and the epoch read with them is theirs. (SQLite serialises
writers anyway; the locks matter on PostgreSQL.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from liaison.clock import utcnow
from liaison.lookup import oprf
from liaison.lookup.models import LookupKey

Lock = Literal["share", "update"] | None


@dataclass(frozen=True)
class Key:
    agency_id: str
    epoch: int
    scalar: bytes

    def __repr__(self) -> str:  # never print the secret
        return f"Key(agency_id={self.agency_id!r}, epoch={self.epoch})"


def _create_if_missing(conn: Connection, agency_id: str) -> None:
    row = {"agency_id": agency_id, "epoch": 1, "scalar": oprf.new_key(), "created_at": utcnow()}
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(postgresql.insert(LookupKey).values(row).on_conflict_do_nothing())
    elif dialect == "sqlite":
        conn.execute(sqlite.insert(LookupKey).values(row).on_conflict_do_nothing())
    else:  # pragma: no cover - Liaison runs on SQLite and PostgreSQL
        raise RuntimeError(f"unsupported database {dialect}")


def _read(conn: Connection, agency_id: str, lock: Lock) -> Key | None:
    stmt = select(LookupKey.epoch, LookupKey.scalar).where(LookupKey.agency_id == agency_id)
    if lock == "share":
        stmt = stmt.with_for_update(read=True)
    elif lock == "update":
        stmt = stmt.with_for_update()
    row = conn.execute(stmt).first()
    return None if row is None else Key(agency_id, row.epoch, bytes(row.scalar))


def current(conn: Connection, agency_id: str, *, lock: Lock = None) -> Key:
    """The agency's key, made now if it has none."""
    key = _read(conn, agency_id, lock)
    if key is None:
        _create_if_missing(conn, agency_id)
        key = _read(conn, agency_id, lock)
    assert key is not None
    return key


def replace(conn: Connection, agency_id: str) -> Key:
    """A fresh key in the next epoch (the caller re-encodes the tokens in this transaction)."""
    old = current(conn, agency_id, lock="update")
    key = Key(agency_id, old.epoch + 1, oprf.new_key())
    conn.execute(update(LookupKey).where(LookupKey.agency_id == agency_id)
                 .values(epoch=key.epoch, scalar=key.scalar, created_at=utcnow()))
    return key
