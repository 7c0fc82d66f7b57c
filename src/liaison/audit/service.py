"""Append-only, hash-chained audit trail.

Each entry's hash is SHA-256 over the previous entry's hash and a canonical JSON form of the
entry (sorted keys, no whitespace, UTC ISO-8601 time), so editing, deleting or reordering any
entry breaks the chain from that point on; `verify` names the first broken entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.engine import Connection
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


CANONICAL_JSON: dict[str, Any] = {"sort_keys": True, "separators": (",", ":"),
                                  "ensure_ascii": False, "default": str}


def _canonical_encoder() -> Callable[[Any], str]:
    """json.dumps(value, **CANONICAL_JSON) makes a new encoder per call, which costs several
    times the encoding of a small value: the same C encoder json.dumps would make, made once."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython has it
        return partial(json.dumps, **CANONICAL_JSON)
    # (markers: no circular check, default, str encoder, indent, key separator,
    #  item separator, sort_keys, skipkeys, allow_nan)
    encode = make(None, str, json.encoder.encode_basestring, None, ":", ",", True, False, True)
    return lambda value: "".join(encode(value, 0))


canonical = _canonical_encoder()


def _stamp(at: datetime) -> str:
    return as_utc(at).isoformat(timespec="microseconds")


def _digest(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(body)).encode()).hexdigest()


def entry_hash(prev_hash: str, seq: int, at: datetime, actor_user_id: str | None,
               actor_agency_id: str | None, action: str, object_type: str,
               object_id: str | None, details: str) -> str:
    return _digest(prev_hash, {
        "seq": seq,
        "at": _stamp(at),
        "actor_user_id": actor_user_id,
        "actor_agency_id": actor_agency_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "details": details,
    })


def _head(session: Session) -> AuditHead:
    """The chain's tip, locked until the caller's transaction ends (made on first use)."""
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    return head


def append(session: Session, actor: Actor, action: str, object_type: str,
           object_id: str | None, now: datetime, **details: Any) -> AuditEntry:
    """Add one entry in the caller's transaction; the head row lock serialises writers."""
    head = _head(session)
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


def _chain_hasher(at: datetime, actor: Actor, action: str,
                  object_type: str) -> Callable[[str, int, str | None, str], str]:
    """`entry_hash` for entries that share their time, actor, action and object type:
    (prev hash, seq, object id, details) -> hash. The canonical body's shared head is
    encoded once; the rest is spliced in key order (the keys are sorted: action,
    actor_agency_id, actor_user_id, at, then details, object_id, object_type, seq). Encoding
    the whole dict per entry would cost more than the rest of `append_many` together."""
    head = canonical({"action": action, "actor_agency_id": actor.agency_id,
                      "actor_user_id": actor.user_id, "at": _stamp(at)})[:-1]
    type_json = canonical(object_type)
    quote, sha256 = json.encoder.encode_basestring, hashlib.sha256  # quote: canonical(str)

    def digest(prev_hash: str, seq: int, object_id: str | None, details: str) -> str:
        oid = quote(object_id) if isinstance(object_id, str) else canonical(object_id)
        body = (f'{head},"details":{quote(details)},"object_id":{oid},'
                f'"object_type":{type_json},"seq":{seq:d}}}')
        return sha256((prev_hash + body).encode()).hexdigest()

    return digest


_COLUMNS = ("seq", "at", "actor_user_id", "actor_agency_id", "action", "object_type",
            "object_id", "details", "prev_hash", "hash")
BATCH = 1000  # rows per executemany: few rows are built and held at once


def _insert_sql(conn: Connection) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"  # sqlite3 / psycopg
    return (f"INSERT INTO {AuditEntry.__tablename__} ({', '.join(_COLUMNS)}) "
            f"VALUES ({', '.join([mark] * len(_COLUMNS))})")


def _stored_time(conn: Connection, at: datetime) -> Any:
    """`at` as the column's type binds it (on SQLite, its text form), converted once for all
    the rows rather than per row."""
    column_type = AuditEntry.__table__.c.at.type
    process = column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return at if process is None else process(at)


def append_many(session: Session, actor: Actor, action: str, object_type: str,
                items: Sequence[tuple[str | None, dict[str, Any]]], now: datetime) -> int:
    """One entry per (object id, details), chained in order under one head lock: a bulk import
    audits every record it creates without an ORM object each. Rows go plain-typed to the
    driver's executemany (SQLAlchemy's per-row parameter processing would cost more than
    hashing them)."""
    if not items:
        return 0
    head = _head(session)
    session.flush()  # a new head row, and anything else pending, first
    conn = session.connection()
    at = as_utc(now)
    stored_at, sql = _stored_time(conn, at), _insert_sql(conn)
    digest = _chain_hasher(at, actor, action, object_type)
    seq, prev = head.seq, head.hash
    rows: list[tuple[Any, ...]] = []
    for object_id, details in items:
        seq += 1
        text = canonical(details)
        entry = digest(prev, seq, object_id, text)
        rows.append((seq, stored_at, actor.user_id, actor.agency_id, action, object_type,
                     object_id, text, prev, entry))
        prev = entry
        if len(rows) == BATCH:
            conn.exec_driver_sql(sql, rows)
            rows = []
    if rows:
        conn.exec_driver_sql(sql, rows)
    head.seq, head.hash = seq, prev
    session.flush()
    return len(items)


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
