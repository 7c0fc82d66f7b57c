"""Append-only, hash-chained audit trail.

Each entry's hash is SHA-256 over the previous entry's hash and a canonical JSON form of the
entry (sorted keys, no whitespace, UTC ISO-8601 time), so editing, deleting or reordering any
entry breaks the chain from that point on; `verify` names the first broken entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.orm import Session

from liaison.audit.models import AuditEntry, AuditHead
from liaison.clock import as_utc

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who did it; None fields for the system (migrations, demo seed, CLI without a user)."""

    user_id: str | None = None
    agency_id: str | None = None


SYSTEM = Actor()


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(prev_hash: str, seq: int, at: datetime, actor_user_id: str | None,
               actor_agency_id: str | None, action: str, object_type: str,
               object_id: str | None, details: str) -> str:
    body = canonical({
        "seq": seq,
        "at": as_utc(at).isoformat(timespec="microseconds"),
        "actor_user_id": actor_user_id,
        "actor_agency_id": actor_agency_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "details": details,
    })
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def append(session: Session, actor: Actor, action: str, object_type: str,
           object_id: str | None, now: datetime, **details: Any) -> AuditEntry:
    """Add one entry in the caller's transaction; the head row lock serialises writers."""
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    seq = head.seq + 1
    at = as_utc(now)
    text = canonical(details)
    digest = entry_hash(head.hash, seq, at, actor.user_id, actor.agency_id, action,
                        object_type, object_id, text)
    entry = AuditEntry(seq=seq, at=at, actor_user_id=actor.user_id,
                       actor_agency_id=actor.agency_id, action=action,
                       object_type=object_type, object_id=object_id, details=text,
                       prev_hash=head.hash, hash=digest)
    session.add(entry)
    head.seq, head.hash = seq, digest
    session.flush()
    return entry


def append_many(session: Session, actor: Actor, action: str, object_type: str,
                items: Sequence[tuple[str | None, dict[str, Any]]], now: datetime) -> int:
    """One entry per (object id, details), chained in order under one head lock and written
    in one statement: a bulk import audits every record it creates without a flush each."""
    if not items:
        return 0
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    at = as_utc(now)
    seq, prev = head.seq, head.hash
    rows = []
    for object_id, details in items:
        seq += 1
        text = canonical(details)
        digest = entry_hash(prev, seq, at, actor.user_id, actor.agency_id, action, object_type,
                            object_id, text)
        rows.append({"seq": seq, "at": at, "actor_user_id": actor.user_id,
                     "actor_agency_id": actor.agency_id, "action": action,
                     "object_type": object_type, "object_id": object_id, "details": text,
                     "prev_hash": prev, "hash": digest})
        prev = digest
    session.flush()
    session.execute(insert(AuditEntry), rows)
    head.seq, head.hash = seq, prev
    session.flush()
    return len(rows)


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None


def _in_order(session: Session, batch: int = 2000) -> Iterator[AuditEntry]:
    # Physical insertion order (rowid / ctid order is not stable), so walk by seq and check
    # that seq itself is contiguous and that each prev_hash links to its predecessor.
    last = 0
    while True:
        rows = list(session.scalars(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)
        ))
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify(session: Session) -> Verification:
    """Walk the chain from the genesis; report the first entry that does not hold."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for entry in _in_order(session):
        count += 1
        if entry.seq != expected_seq:
            return Verification(False, count, expected_seq,
                                f"entry {expected_seq} is missing (next present is {entry.seq}):"
                                " deleted or reordered")
        if entry.prev_hash != prev_hash:
            return Verification(False, count, entry.seq,
                                f"entry {entry.seq} does not follow entry {entry.seq - 1}:"
                                " an earlier entry was deleted, replaced or reordered")
        recomputed = entry_hash(entry.prev_hash, entry.seq, entry.at, entry.actor_user_id,
                                entry.actor_agency_id, entry.action, entry.object_type,
                                entry.object_id, entry.details)
        if recomputed != entry.hash:
            return Verification(False, count, entry.seq,
                                f"entry {entry.seq} was edited: its content does not match"
                                " its hash")
        prev_hash, expected_seq = entry.hash, expected_seq + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        return Verification(False, count, expected_seq,
                            f"the chain ends at entry {expected_seq - 1} but its head says"
                            f" {head.seq}: the latest entries were deleted")
    return Verification(True, count)


def entries(session: Session, where: ColumnElement[bool] | None = None, *, limit: int = 50,
            offset: int = 0) -> tuple[list[AuditEntry], int]:
    stmt = select(AuditEntry)
    count = select(func.count()).select_from(AuditEntry)
    if where is not None:
        stmt, count = stmt.where(where), count.where(where)
    rows = list(session.scalars(stmt.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)))
    return rows, session.scalar(count) or 0
