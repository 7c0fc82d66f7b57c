"""An agency's side of the private lookup, kept ready: one token per distinct value it holds.

Encoding a value costs a hash to the group and a scalar multiplication (~160 us), so a query
must never encode the whole store. Tokens follow the observables instead:

- ORM writes (records created, re-written, deleted through `intel.service`) are tracked per
  row by the mapper events below and encoded in the same flush;
- an importer that writes observables with Core statements reports those of disclosable
  records in its transaction with `values_added` / `values_removed`, either encoded at once
  or, with `defer=True`, parked in a backlog (one row per batch) that `catch_up` encodes
  before the agency's tokens are next served, so a bulk load is not slowed by the encoding;
- `rebuild` re-encodes an agency's tokens from its records (after a restore, or with a new
  key on rotation) and `check` compares the tokens with a rebuild.

Refcounts make the changes commute: a token row counts the observables holding its value, and
goes when the count reaches zero. Only the observables of records whose values answer count
(disclosable ones: a covert record's values never answer, the rule of deconfliction hits); an
observable is filed under its record's owner, or under no one for a covert record (asked of
`policy.lookups`, the only reader of records outside the policy). A record whose `disclosable`
flag changes through the ORM is recounted whole in its flush; Core writers report only the
observables of disclosable records, and one that changes the flag itself rebuilds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, event, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper, Session, UOWTransaction, object_session

from liaison.agencies.models import Agency
from liaison.intel.models import Observable, Record
from liaison.lookup import keys, oprf
from liaison.lookup.keys import Key
from liaison.lookup.models import LookupBacklog, LookupToken
from liaison.policy import lookups as disclosure

Pair = tuple[str, str]
CHUNK = 5000  # tokens per statement
BACKLOG_ROW = 10_000  # values per backlog row


# --- writing tokens ------------------------------------------------------------------------


def _encode(key: Key, deltas: Mapping[Pair, int]) -> dict[bytes, int]:
    pairs = [p for p, d in deltas.items() if d]
    out: dict[bytes, int] = defaultdict(int)
    for pair, token in zip(pairs, oprf.prf(key.scalar, pairs), strict=True):
        out[token] += deltas[pair]
    return out


def _upsert(conn: Connection, agency_id: str, deltas: Mapping[bytes, int]) -> None:
    """Add `deltas` to the refcounts (rows made as needed), then drop rows back at zero."""
    touched = sorted(t for t, d in deltas.items() if d)  # one lock order between writers
    if not touched:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(LookupToken)
    stmt = stmt.on_conflict_do_update(
        index_elements=[LookupToken.agency_id, LookupToken.token],
        set_={"refs": LookupToken.refs + stmt.excluded.refs},
    )
    for start in range(0, len(touched), CHUNK):
        chunk = touched[start:start + CHUNK]
        conn.execute(stmt, [{"agency_id": agency_id, "token": t, "refs": deltas[t]}
                            for t in chunk])
        conn.execute(delete(LookupToken).where(  # a removal may have come first
            LookupToken.agency_id == agency_id, LookupToken.token.in_(chunk),
            LookupToken.refs == 0))


def apply(conn: Connection, changes: Mapping[str, Mapping[Pair, int]]) -> None:
    """Encode and count observables added (+n) or removed (-n), per agency, now."""
    for agency_id in sorted(changes):
        deltas = {p: d for p, d in changes[agency_id].items() if d}
        if deltas:
            key = keys.current(conn, agency_id, lock="share")
            _upsert(conn, agency_id, _encode(key, deltas))


def _report(conn: Connection, agency_id: str, pairs: Iterable[Pair], sign: int,
            defer: bool) -> None:
    if defer:
        _park(conn, agency_id, pairs, sign)
        return
    counts = Counter((str(t), str(v)) for t, v in pairs)
    if counts:
        apply(conn, {agency_id: {p: sign * n for p, n in counts.items()}})


def _park(conn: Connection, agency_id: str, pairs: Iterable[Pair], sign: int) -> None:
    """Backlog rows of at most BACKLOG_ROW values, [[type, delta, [value, ...]], ...]: no
    container per value (with a bulk import's heap around, the garbage collector's walks over
    them cost more than the rest), and a list of strings is the cheapest JSON to write."""
    pending = pairs if isinstance(pairs, list | tuple) else list(pairs)
    if not pending:
        return
    keys.current(conn, agency_id, lock="share")  # a rotation waits for this batch
    rows = []
    for start in range(0, len(pending), BACKLOG_ROW):
        by_type: defaultdict[str, list[str]] = defaultdict(list)
        for type_, value in pending[start:start + BACKLOG_ROW]:
            by_type[type_].append(str(value))
        rows.append({"agency_id": agency_id,
                     "entries": [[str(t), sign, values] for t, values in by_type.items()]})
    conn.execute(insert(LookupBacklog), rows)


def values_added(conn: Connection, agency_id: str, pairs: Iterable[Pair], *,
                 defer: bool = False) -> None:
    """Observables (type, canonical value) that a Core statement added to the agency's
    disclosable records, one pair per row written, in the same transaction as the rows (a
    covert record's observables do not count: leave them out)."""
    _report(conn, agency_id, pairs, +1, defer)


def values_removed(conn: Connection, agency_id: str, pairs: Iterable[Pair], *,
                   defer: bool = False) -> None:
    """Observables a Core statement deleted from the agency's disclosable records (one pair
    per row)."""
    _report(conn, agency_id, pairs, -1, defer)


def catch_up(conn: Connection, agency_id: str | None = None, *,
             max_rows: int | None = None) -> int:
    """Encode the backlog (of one agency, or all; at most `max_rows` backlog rows, so a
    background job can commit in steps); returns how many values were encoded."""
    stmt = select(LookupBacklog.agency_id).distinct()
    if agency_id is not None:
        stmt = stmt.where(LookupBacklog.agency_id == agency_id)
    encoded = 0
    budget = max_rows
    for agency in sorted(conn.scalars(stmt)):
        if budget is not None and budget <= 0:
            break
        key = keys.current(conn, agency, lock="update")  # one catch-up at a time
        rows = (select(LookupBacklog.id).where(LookupBacklog.agency_id == agency)
                .order_by(LookupBacklog.id))
        if budget is not None:
            rows = rows.limit(budget)
        ids = list(conn.scalars(rows))
        if budget is not None:
            budget -= len(ids)
        for row_id in ids:  # a row at a time: memory stays bounded by a row
            entries = conn.scalar(select(LookupBacklog.entries)
                                  .where(LookupBacklog.id == row_id))
            deltas: dict[Pair, int] = defaultdict(int)
            for type_, second, third in entries or []:
                if isinstance(third, list):  # [type, delta, [value, ...]] (`_park`)
                    for value in third:
                        deltas[(type_, value)] += second
                else:  # [type, value, delta] (as the 0005 migration wrote them)
                    deltas[(type_, second)] += third
            _upsert(conn, agency, _encode(key, deltas))
            conn.execute(delete(LookupBacklog).where(LookupBacklog.id == row_id))
            encoded += sum(1 for d in deltas.values() if d)
    return encoded


def rebuild(conn: Connection, agency_id: str, key: Key | None = None) -> int:
    """Re-encode every value the agency holds (under `key`, or its current key); returns
    the number of distinct values."""
    if key is None:
        key = keys.current(conn, agency_id, lock="update")
    conn.execute(delete(LookupToken).where(LookupToken.agency_id == agency_id))
    conn.execute(delete(LookupBacklog).where(LookupBacklog.agency_id == agency_id))
    count = 0
    for batch in disclosure.held_values(conn, agency_id):
        _upsert(conn, agency_id, _encode(key, {(t, v): n for t, v, n in batch}))
        count += len(batch)
    return count


# --- reading and checking --------------------------------------------------------------------


def token_set(conn: Connection, agency_id: str) -> tuple[int, bytes]:
    """(epoch, the agency's tokens sorted and concatenated), backlog encoded first. Sorted, so
    the order says nothing about when or where a value was recorded."""
    catch_up(conn, agency_id)
    key = keys.current(conn, agency_id, lock="share")
    tokens = conn.scalars(
        select(LookupToken.token)
        .where(LookupToken.agency_id == agency_id, LookupToken.refs > 0)
        .order_by(LookupToken.token)
    )
    return key.epoch, b"".join(tokens)


def _stored(conn: Connection, agency_id: str) -> dict[bytes, int]:
    return dict(conn.execute(select(LookupToken.token, LookupToken.refs)
                             .where(LookupToken.agency_id == agency_id)).all())


def check(conn: Connection, agency_id: str | None = None) -> list[str]:
    """Agencies whose tokens differ from a rebuild (the backlog is encoded first)."""
    catch_up(conn, agency_id)
    agencies = [agency_id] if agency_id else list(conn.scalars(select(Agency.id)
                                                               .order_by(Agency.id)))
    problems = []
    for agency in agencies:
        expected: dict[bytes, int] = defaultdict(int)
        for batch in disclosure.held_values(conn, agency):
            key = keys.current(conn, agency, lock="share")
            for token, n in _encode(key, {(t, v): n for t, v, n in batch}).items():
                expected[token] += n
        stored = _stored(conn, agency)
        if stored != dict(expected):
            missing = len(expected.keys() - stored.keys())
            extra = len(stored.keys() - expected.keys())
            miscounted = sum(1 for t in expected.keys() & stored.keys()
                             if expected[t] != stored[t])
            problems.append(f"agency {agency}: {missing} tokens missing, {extra} extra, "
                            f"{miscounted} miscounted")
    return problems


# --- following ORM writes ----------------------------------------------------------------------


@dataclass
class _Flush:
    """One flush's observable changes: inserts wait for their records' owners to be looked up
    together; removals are filed at once, while their records still exist.

    `owners` maps a record to the agency its values count for, None for a covert record (its
    values count for no one, see `policy.lookups`). A record whose `disclosable` flag changes
    in the flush is `recounted` whole instead: its values as stored before the flush are taken
    back in `before_flush`, those stored after it counted in `after_flush`, and the events of
    its observables are passed over (whatever else the flush does to them)."""

    owners: dict[str, str | None] = field(default_factory=dict)
    inserted: list[tuple[str, Pair]] = field(default_factory=list)
    changes: dict[str, Counter[Pair]] = field(default_factory=lambda: defaultdict(Counter))
    recounted: set[str] = field(default_factory=set)

    def count(self, values: Iterable[tuple[str, str, str, int]], sign: int) -> None:
        for owner, type_, value, n in values:
            self.changes[owner][(type_, value)] += sign * n


def _flush_of(session: Session) -> _Flush:
    flush: _Flush | None = session.info.get("lookup_flush")
    if flush is None:
        flush = session.info["lookup_flush"] = _Flush()
    return flush


def _stored_values(obj: object, names: Iterable[str]) -> tuple[Any, ...] | None:
    """The attributes as the database held them when the flush began (unchanged, or the
    value a change replaces), or None if one of them was not loaded."""
    state = sa_inspect(obj)
    out = []
    for name in names:
        history = state.attrs[name].history
        known = list(history.deleted or history.unchanged)
        if not known:
            return None
        out.append(known[0])
    return tuple(out)


def _owner(session: Session, conn: Connection, flush: _Flush, record_id: str) -> str | None:
    """The agency the record's values counted for before the flush (None: a covert record,
    or none). Asked before the record's row changes (a recounted record is not asked)."""
    if record_id not in flush.owners:
        record = session.identity_map.get(Session.identity_key(Record, record_id))
        stored = (_stored_values(record, ("owner_id", "disclosable"))
                  if record is not None else None)
        if stored is not None:
            flush.owners[record_id] = disclosure.answering_owner(*stored)
        else:
            flush.owners[record_id] = disclosure.record_owners(conn, [record_id]).get(record_id)
    return flush.owners[record_id]


FIELDS = ("record_id", "type", "value")


def _as_stored(conn: Connection, target: Observable) -> dict[str, Any]:
    """The row's values as the database holds them (called before its UPDATE or DELETE)."""
    state = sa_inspect(target)
    values: dict[str, Any] = {}
    for name in FIELDS:
        history = state.attrs[name].history
        known = list(history.deleted or history.unchanged)
        if known:
            values[name] = known[0]
        else:  # never loaded, or overwritten unseen: ask the row
            row = conn.execute(select(Observable.record_id, Observable.type, Observable.value)
                               .where(Observable.id == target.id)).one()
            return dict(row._mapping)
    return values


def _removed(conn: Connection, session: Session, values: Mapping[str, Any]) -> None:
    flush = _flush_of(session)
    if values["record_id"] in flush.recounted:
        return
    owner = _owner(session, conn, flush, values["record_id"])
    if owner is not None:
        flush.changes[owner][(values["type"], values["value"])] -= 1


@event.listens_for(Session, "before_flush")
def _begin(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """A new flush (a failed one's changes are forgotten); records whose `disclosable` flag
    changes have their stored values taken back now, while the rows are as before."""
    flush = session.info["lookup_flush"] = _Flush()
    for obj in session.dirty:  # persistent objects changed (deleted ones not among them)
        if isinstance(obj, Record):
            state = sa_inspect(obj)
            if state.identity and state.attrs.disclosable.history.has_changes():
                flush.recounted.add(state.identity[0])  # no attribute load mid-flush
    if flush.recounted:
        flush.count(disclosure.record_values(session.connection(), flush.recounted), -1)


@event.listens_for(Observable, "after_insert")
def _inserted(_mapper: Mapper[Observable], _conn: Connection, target: Observable) -> None:
    session = object_session(target)
    if session is not None:
        _flush_of(session).inserted.append((target.record_id, (target.type, target.value)))


@event.listens_for(Observable, "before_delete")
def _deleting(_mapper: Mapper[Observable], conn: Connection, target: Observable) -> None:
    """Filed before the DELETE, while the row and its record can still be read."""
    session = object_session(target)
    if session is not None:
        _removed(conn, session, _as_stored(conn, target))


@event.listens_for(Observable, "before_update")
def _updating(_mapper: Mapper[Observable], conn: Connection, target: Observable) -> None:
    session = object_session(target)
    if session is None:
        return
    old = _as_stored(conn, target)
    if old != {name: getattr(target, name) for name in FIELDS}:
        _removed(conn, session, old)
        _flush_of(session).inserted.append((target.record_id, (target.type, target.value)))


@event.listens_for(Session, "after_flush")
def _track(session: Session, _context: UOWTransaction) -> None:
    flush: _Flush | None = session.info.pop("lookup_flush", None)
    if flush is None or not (flush.inserted or flush.changes or flush.recounted):
        return
    conn = session.connection()
    inserted = [(rid, pair) for rid, pair in flush.inserted if rid not in flush.recounted]
    unknown = {rid for rid, _ in inserted if rid not in flush.owners}
    if unknown:  # looked up now the rows are written: covert records are left out
        found = disclosure.record_owners(conn, unknown)
        flush.owners.update({rid: found.get(rid) for rid in unknown})
    for record_id, pair in inserted:
        owner = flush.owners[record_id]
        if owner is not None:
            flush.changes[owner][pair] += 1
    if flush.recounted:  # their values as stored now, under the flag they have now
        flush.count(disclosure.record_values(conn, flush.recounted), +1)
    apply(conn, flush.changes)
