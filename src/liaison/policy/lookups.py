"""Private hit/no-hit lookups: who may ask whom, and which values answer.

A lookup discloses whether the partner holds a value, so it is a disclosure rule like any
other and lives here: an agency may query a partner only while an agreement in force binds
them (a grant in either direction exists exactly then), and the values that answer are those
of the records the partner owns that are disclosable. A covert record's values (`disclosable`
False) never answer: a hit on a covert record tells the seeker nothing (`policy.hits`), and a
lookup answering "we hold it" for its values would tell the asker just that. A value held by a
covert record and by a disclosable one answers, for the disclosable one.

The lookup index reads the records only through this module: which agency, if any, a record's
observables count for (`answering_owner`, `record_owners`), and the values that count
(`held_values`, `record_values`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.engine import Connection

from liaison.intel.models import Observable, Record
from liaison.policy.grants import Grant, grant_in_force
from liaison.policy.hits import seeker_is_told

CHUNK = 5000  # record ids per statement


def may_lookup(conn: Connection, asker_id: str, partner_id: str, now: datetime) -> bool:
    """An agreement in force binds the two (different) agencies."""
    if asker_id == partner_id:
        return False
    return bool(conn.scalar(select(exists().where(
        Grant.viewer_id == asker_id, Grant.owner_id == partner_id, grant_in_force(now)))))


def answering_owner(owner_id: str, disclosable: bool) -> str | None:
    """The agency a record's values answer for: its owner, or none for a covert record (the
    rule of deconfliction hits: a hit on it tells the seeker nothing)."""
    return owner_id if seeker_is_told(bool(disclosable)) else None


def _answers() -> ColumnElement[bool]:
    """`answering_owner` in SQL: the records whose values answer."""
    return Record.disclosable.is_(True)


def _chunks(record_ids: Iterable[str]) -> Iterator[list[str]]:
    ids = sorted(set(record_ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def record_owners(conn: Connection, record_ids: Iterable[str]) -> dict[str, str]:
    """record id -> owning agency, for the index to file a record's values under its owner;
    records whose values do not answer (covert ones) are left out, so theirs count nowhere."""
    owners: dict[str, str] = {}
    for chunk in _chunks(record_ids):
        rows = conn.execute(select(Record.id, Record.owner_id)
                            .where(Record.id.in_(chunk), _answers()))
        owners.update((record_id, owner_id) for record_id, owner_id in rows)
    return owners


def record_values(conn: Connection, record_ids: Iterable[str]) -> list[tuple[str, str, str, int]]:
    """(owner, type, value, observables holding it) over those of the records whose values
    answer: what they count for, as the database holds them now."""
    out: list[tuple[str, str, str, int]] = []
    for chunk in _chunks(record_ids):
        rows = conn.execute(
            select(Record.owner_id, Observable.type, Observable.value, func.count())
            .join(Record, Record.id == Observable.record_id)
            .where(Record.id.in_(chunk), _answers())
            .group_by(Record.owner_id, Observable.type, Observable.value))
        out += [(owner, type_, value, n) for owner, type_, value, n in rows]
    return out


def held_values(conn: Connection, agency_id: str,
                batch: int = 10_000) -> Iterator[list[tuple[str, str, int]]]:
    """(type, value, observables holding it) over the agency's records whose values answer
    (disclosable ones), in batches."""
    stmt = (
        select(Observable.type, Observable.value, func.count())
        .join(Record, Record.id == Observable.record_id)
        .where(Record.owner_id == agency_id, _answers())
        .group_by(Observable.type, Observable.value)
    )
    result = conn.execute(stmt, execution_options={"stream_results": True, "yield_per": batch})
    for rows in result.partitions():
        yield [(type_, value, count) for type_, value, count in rows]
