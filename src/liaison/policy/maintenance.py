"""Looking after the policy's derived tables: rebuild, sweep, and check them against a rebuild.

Grants and counters follow their sources in every ORM flush; these are for what bypasses the
ORM (a bulk load, a restore, a hand-edited row) and for the periodic sweep that keeps counts
fast as records expire.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from liaison.db import transaction
from liaison.policy import grants, tallies
from liaison.policy.grants import Grant
from liaison.policy.tallies import RecordTally

log = logging.getLogger("liaison.policy")


@dataclass(frozen=True)
class Rebuilt:
    grants: int
    records_counted: int


def rebuild(conn: Connection) -> Rebuilt:
    """Every grant and counter recomputed from agreements and records."""
    grants.refresh(conn)
    counted = tallies.rebuild(conn)
    granted = len(conn.execute(select(Grant.viewer_id)).all())
    return Rebuilt(granted, counted)


def _state(conn: Connection) -> tuple[set[tuple[object, ...]], dict[str, tuple[int, ...]]]:
    granted = {tuple(row) for row in conn.execute(select(Grant.__table__))}
    counters = {
        owner: values
        for owner, packed in conn.execute(select(RecordTally.owner_id, RecordTally.counters))
        if any(values := tallies.PACKING.unpack(packed))
    }
    return granted, counters


def check(conn: Connection) -> list[str]:
    """What differs from a rebuild (nothing, normally). Rebuilds inside a savepoint that is
    rolled back, so the tables are left as they were."""
    held_grants, held_counters = _state(conn)
    savepoint = conn.begin_nested()
    try:
        rebuild(conn)
        right_grants, right_counters = _state(conn)
    finally:
        savepoint.rollback()
    problems = []
    if held_grants != right_grants:
        problems.append(
            f"grants: {len(held_grants - right_grants)} rows that should not exist, "
            f"{len(right_grants - held_grants)} missing")
    wrong = sorted(o for o in held_counters.keys() | right_counters.keys()
                   if held_counters.get(o) != right_counters.get(o))
    if wrong:
        problems.append(f"counters of {len(wrong)} owner(s) differ: {', '.join(wrong[:10])}")
    return problems


def sweep(factory: sessionmaker[Session], now: datetime) -> int:
    """One sweep in its own transaction; how many expired records left the counters."""
    with transaction(factory) as session:
        swept = tallies.sweep(session.connection(), now)
    log.info("policy counters swept", extra={"expired_records": swept, "until": now.isoformat()})
    return swept
