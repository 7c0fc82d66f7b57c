"""Private hit/no-hit lookups: who may ask whom, and which values answer.

A lookup discloses whether the partner holds a value, so it is a disclosure rule like any
other and lives here: an agency may query a partner only while an agreement in force binds
them (a grant in either direction exists exactly then), and the values that answer are those
of every record the partner owns. The lookup index reads the records only through this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.engine import Connection

from liaison.intel.models import Observable, Record
from liaison.policy.grants import Grant, grant_in_force


def may_lookup(conn: Connection, asker_id: str, partner_id: str, now: datetime) -> bool:
    """An agreement in force binds the two (different) agencies."""
    if asker_id == partner_id:
        return False
    return bool(conn.scalar(select(exists().where(
        Grant.viewer_id == asker_id, Grant.owner_id == partner_id, grant_in_force(now)))))


def record_owners(conn: Connection, record_ids: Iterable[str]) -> dict[str, str]:
    """record id -> owning agency, for the index to file a record's values under its owner."""
    ids = sorted(set(record_ids))
    owners: dict[str, str] = {}
    for start in range(0, len(ids), 5000):
        rows = conn.execute(select(Record.id, Record.owner_id)
                            .where(Record.id.in_(ids[start:start + 5000])))
        owners.update((record_id, owner_id) for record_id, owner_id in rows)
    return owners


def held_values(conn: Connection, agency_id: str,
                batch: int = 10_000) -> Iterator[list[tuple[str, str, int]]]:
    """(type, value, observables holding it) over the agency's records, in batches."""
    stmt = (
        select(Observable.type, Observable.value, func.count())
        .join(Record, Record.id == Observable.record_id)
        .where(Record.owner_id == agency_id)
        .group_by(Observable.type, Observable.value)
    )
    result = conn.execute(stmt, execution_options={"stream_results": True, "yield_per": batch})
    for rows in result.partitions():
        yield [(type_, value, count) for type_, value, count in rows]
