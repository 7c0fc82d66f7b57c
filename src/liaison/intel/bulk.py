"""Bulk import: many records in one transaction with set-based writes.

An importer (STIX, MISP, a feed) brings thousands of records with millions of observables;
the ORM's per-object unit of work would cost more than the rest of the pipeline together.
This writes the same rows as `create_record` with multi-row statements, and does by hand
what flush events do for ORM writes: counts the records into the policy's counters and
queues their values for the private-lookup tokens. Every
rule `create_record` enforces holds here too; any bad record refuses the whole batch,
naming it, unless the caller asks to keep the good ones.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from liaison import audit, warninglists
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.agencies.models import Agency
from liaison.agreements.models import agreement_members
from liaison.attack import service as attack
from liaison.correlation import keys as correlation_keys
from liaison.correlation import service as correlation
from liaison.correlation.models import ObservableLink
from liaison.errors import FieldError, Invalid
from liaison.hits import service as hits
from liaison.ids import new_record_id
from liaison.intel.models import (
    Observable,
    Record,
    RecordOffence,
    RecordTechnique,
    record_recipients,
)
from liaison.intel.schemas import RecordCreate
from liaison.lookup import index as lookup_index
from liaison.policy.tallies import Markings, records_inserted
from liaison.schemas import field_errors
from liaison.vocab import TLP, categories_to_mask

CHUNK = 2000  # records per multi-row statement round


@dataclass
class ImportReport:
    record_ids: list[str] = field(default_factory=list)
    observables: int = 0
    links: int = 0
    matched: int = 0  # observables correlating with another record's (not warninglisted)
    refused: list[FieldError] = field(default_factory=list)
    # deconfliction hits: the agencies holding matching records out of the importer's sight
    # that it may contact (covert records' owners are told, not named here)
    told: list[hits.Disclosed] = field(default_factory=list)


def _problems(session: Session, prepared: Prepared, now: datetime,
              by: Principal) -> dict[int, FieldError]:
    """What `create_record` would refuse, per record position, checked with one query per
    kind."""
    mine = set(session.scalars(select(agreement_members.c.agreement_id).where(
        agreement_members.c.agency_id == by.agency_id)))
    named = {a for names in prepared.recipients for a in names}
    known = set(session.scalars(select(Agency.id).where(Agency.id.in_(named)))) if named else set()
    cited = list(dict.fromkeys(t for _, t in prepared.techniques))
    missing = set(attack.unknown(session, cited))
    citing = {record_id: t for record_id, t in prepared.techniques if t in missing}
    problems: dict[int, FieldError] = {}
    for index, (row, recipients) in enumerate(zip(prepared.records, prepared.recipients,
                                                  strict=True)):
        where = f"records.{prepared.positions[index]}"
        agreement = row["distribution_agreement_id"]
        if row["expires_at"] is not None and row["expires_at"] <= now:
            problems[index] = FieldError(f"{where}.expires_at", "must be in the future")
        elif agreement and agreement not in mine:
            problems[index] = FieldError(f"{where}.distribution_agreement_id",
                                         "no such agreement with your agency as a member")
        elif unknown := sorted(set(recipients) - known):
            problems[index] = FieldError(f"{where}.recipient_ids",
                                         f"no such agency: {', '.join(unknown)}")
        elif by.agency_id in recipients:
            problems[index] = FieldError(f"{where}.recipient_ids",
                                         "the owner needs not name itself")
        elif row["id"] in citing:
            problems[index] = FieldError(f"{where}.techniques", attack.unknown_message(
                session, sorted({t for r, t in prepared.techniques
                                 if r == row["id"] and t in missing})))
    return problems


@contextmanager
def _roomy_cache(conn: Connection) -> Iterator[None]:
    """SQLite: a 256 MiB page cache while importing (the correlation indexes' pages are
    written all over; with the usual 16 MiB they are read back from the OS again and
    again: inserts run at half the speed), then back to the usual size."""
    if conn.dialect.name != "sqlite":
        yield
        return
    usual = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size={-256 * 1024}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(usual or -16384)}")


def _insert_rows(conn: Connection, table: str, columns: Sequence[str],
                 rows: Sequence[dict[str, Any]]) -> None:
    """Plain-typed rows (text and integers only) straight to the driver's executemany:
    SQLAlchemy's per-row parameter processing costs more than SQLite's insert here."""
    placeholders = ", ".join(f"%({c})s" if conn.dialect.paramstyle == "pyformat" else f":{c}"
                             for c in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    conn.exec_driver_sql(sql, [{c: row[c] for c in columns} for row in rows])


RECORD_COLUMNS = ("id", "owner_id", "author_id", "title", "summary", "tlp", "handling_codes",
                  "handling_note", "source_reliability", "information_credibility",
                  "distribution", "distribution_agreement_id", "category_mask", "purpose",
                  "expires_at", "disclosable", "created_at", "updated_at")
_CONVERTED = ("handling_codes", "expires_at", "created_at", "updated_at")


def _as_stored(conn: Connection, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records' values as the columns' types would bind them (JSON text, the driver's time
    form), each distinct value converted once: most of a batch shares its times and codes."""
    convert = {name: Record.__table__.c[name].type._cached_bind_processor(conn.dialect)
               for name in _CONVERTED}
    seen: dict[tuple[str, Any], Any] = {}

    def stored(name: str, value: Any) -> Any:
        processor = convert[name]
        if value is None or processor is None:
            return value
        key = (name, tuple(value) if isinstance(value, list) else value)
        if key not in seen:
            seen[key] = processor(value)
        return seen[key]

    return [{**row, **{name: stored(name, row[name]) for name in _CONVERTED}}
            for row in records]


def _insert_tuples(conn: Connection, table: str, columns: Sequence[str],
                   rows: Sequence[tuple[Any, ...]]) -> None:
    """As `_insert_rows`, for rows already in column order (no dict per row)."""
    mark = "%s" if conn.dialect.paramstyle in ("pyformat", "format") else "?"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    conn.exec_driver_sql(sql, list(rows))


def _reserve_ids(conn: Connection, n: int) -> list[int]:
    """Ids for n new observables, so links can name them without RETURNING (which SQLAlchemy
    runs one row per statement on SQLite when the order must be kept)."""
    if conn.dialect.name == "postgresql":
        sequence = text("SELECT nextval(pg_get_serial_sequence('observables', 'id')) "
                        "FROM generate_series(1, :n)")
        return list(conn.execute(sequence, {"n": n}).scalars())
    # SQLite: this transaction already holds the write lock (it inserted the records)
    last = conn.execute(select(func.max(Observable.id))).scalar() or 0
    return list(range(last + 1, last + 1 + n))


@dataclass
class Prepared:
    """A batch turned into rows, with no database at hand: the part of an import that a
    second process can do while the first writes the previous batch. Observables refer
    to their record, and links to their observable, by position in the batch."""

    records: list[dict[str, Any]] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # each record's place in the import
    recipients: list[list[str]] = field(default_factory=list)  # per record
    offences: list[tuple[str, str]] = field(default_factory=list)  # (record id, offence)
    techniques: list[tuple[str, str]] = field(default_factory=list)  # (record id, ATT&CK id)
    observables: list[tuple[int, str, str, str | None, str | None, int]] = field(
        default_factory=list)  # (record position, type, value, comment, address key, key)
    links: list[tuple[int, int, str, str]] = field(
        default_factory=list)  # (observable position, key, type, value)
    invalid: list[FieldError] = field(default_factory=list)  # raw items that did not parse
    invalid_count: int = 0
    seconds: float = 0.0  # spent parsing and preparing


def prepare(items: Sequence[RecordCreate], now: datetime, by: Principal) -> Prepared:
    """Rows for validated items: ids, markings in stored form, each observable's keys and
    the values it implies."""
    out = Prepared()
    value_key, address_key, links = (correlation_keys.value_key, correlation_keys.address_key,
                                     correlation_keys.links)
    for position, item in enumerate(items):
        record_id = new_record_id()
        out.positions.append(position)
        out.records.append({
            "id": record_id, "owner_id": by.agency_id, "author_id": by.user_id,
            "title": item.title, "summary": item.summary, "tlp": int(TLP.parse(item.tlp)),
            "handling_codes": [c.value for c in item.handling_codes],
            "handling_note": item.handling_note, "source_reliability": item.source_reliability,
            "information_credibility": item.information_credibility,
            "distribution": item.distribution.value,
            "distribution_agreement_id": item.distribution_agreement_id,
            "category_mask": categories_to_mask(item.categories), "purpose": item.purpose.value,
            "expires_at": item.expires_at, "disclosable": item.disclosable,
            "created_at": now, "updated_at": now,
        })
        out.recipients.append(list(dict.fromkeys(item.recipient_ids)))
        out.offences += [(record_id, o.value) for o in dict.fromkeys(item.offences)]
        out.techniques += [(record_id, t) for t in dict.fromkeys(item.techniques)]
        seen: set[tuple[str, str]] = set()
        for observable in item.observables:
            type_, value = observable.type.value, observable.value
            if (type_, value) in seen:
                continue
            seen.add((type_, value))
            index = len(out.observables)
            out.observables.append((position, type_, value, observable.comment,
                                    address_key(type_, value), value_key(type_, value)))
            out.links += [(index, value_key(t.value, v), t.value, v) for t, v in links(type_,
                                                                                     value)]
    return out


def parse_and_prepare(raw: Sequence[Any], now: datetime, by: Principal,
                      offset: int = 0) -> Prepared:
    """Validate raw records (API bodies) and prepare the good ones; the bad ones are named
    by their position in the whole import (`offset` + index)."""
    started = time.perf_counter()
    good: list[RecordCreate] = []
    positions: list[int] = []
    invalid: list[FieldError] = []
    for index, item in enumerate(raw):
        try:
            good.append(RecordCreate.model_validate(item))
            positions.append(offset + index)
        except ValidationError as exc:
            invalid += [FieldError(f"records.{offset + index}.{e.field}", e.message)
                        for e in field_errors(exc)]
    prepared = prepare(good, now, by)
    prepared.positions = positions
    prepared.invalid, prepared.invalid_count = invalid, len(raw) - len(good)
    prepared.seconds = time.perf_counter() - started
    return prepared


def import_records(session: Session, items: Sequence[RecordCreate], now: datetime,
                   by: Principal, *, keep_good: bool = False) -> ImportReport:
    """Write validated items in the caller's transaction (all or nothing, unless asked)."""
    return write_prepared(session, prepare(items, now, by), now, by, keep_good=keep_good)


def write_prepared(session: Session, prepared: Prepared, now: datetime, by: Principal, *,
                   keep_good: bool = False) -> ImportReport:
    by.require(Permission.RECORD_CREATE)
    problems = _problems(session, prepared, now, by)
    refused = prepared.invalid + list(problems.values())
    if refused and not keep_good:
        raise Invalid("Some records cannot be imported; none was.", refused)
    report = ImportReport(refused=refused)
    if problems:
        prepared = _without(prepared, set(problems))
    with _roomy_cache(session.connection()):
        for start in range(0, len(prepared.records), CHUNK):
            _write(session, _slice(prepared, start, start + CHUNK), now, by, report)
    audit.append_many(session, by.actor, "record.create", "record", [
        (record_id, {"imported": True}) for record_id in report.record_ids], now)
    return report


def _without(prepared: Prepared, dropped: set[int]) -> Prepared:
    kept = [i for i in range(len(prepared.records)) if i not in dropped]
    return _select(prepared, kept)


def _slice(prepared: Prepared, start: int, stop: int) -> Prepared:
    if start == 0 and stop >= len(prepared.records):
        return prepared
    return _select(prepared, list(range(start, min(stop, len(prepared.records)))))


def _select(prepared: Prepared, positions: list[int]) -> Prepared:
    """The records at `positions`, with their observables and links renumbered."""
    new_position = {old: new for new, old in enumerate(positions)}
    out = Prepared(records=[prepared.records[i] for i in positions],
                   positions=[prepared.positions[i] for i in positions],
                   recipients=[prepared.recipients[i] for i in positions])
    ids = {r["id"] for r in out.records}
    out.offences = [o for o in prepared.offences if o[0] in ids]
    out.techniques = [t for t in prepared.techniques if t[0] in ids]
    new_index: dict[int, int] = {}
    for index, row in enumerate(prepared.observables):
        if row[0] in new_position:
            new_index[index] = len(out.observables)
            out.observables.append((new_position[row[0]], *row[1:]))
    out.links = [(new_index[link[0]], *link[1:]) for link in prepared.links
                 if link[0] in new_index]
    return out


def _write(session: Session, batch: Prepared, now: datetime, by: Principal,
           report: ImportReport) -> None:
    conn = session.connection()
    records = batch.records
    _insert_rows(conn, Record.__tablename__, RECORD_COLUMNS, _as_stored(conn, records))
    records_inserted(conn, (Markings.of_values(r) for r in records))
    if batch.offences:
        _insert_tuples(conn, RecordOffence.__tablename__, ("record_id", "offence"),
                       batch.offences)
    if batch.techniques:
        _insert_tuples(conn, RecordTechnique.__tablename__, ("record_id", "attack_id"),
                       batch.techniques)
    recipients = [{"record_id": r["id"], "agency_id": a}
                  for r, named in zip(records, batch.recipients, strict=True) for a in named]
    if recipients:
        conn.execute(insert(record_recipients), recipients)
    observables = batch.observables
    if observables:
        ids = _reserve_ids(conn, len(observables))
        _insert_tuples(conn, Observable.__tablename__,
                       ("id", "record_id", "type", "value", "comment", "address_key",
                        "value_key"),
                       [(ident, records[row[0]]["id"], *row[1:])
                        for ident, row in zip(ids, observables, strict=True)])
        if batch.links:
            _insert_tuples(conn, ObservableLink.__tablename__,
                           ("observable_id", "value_key", "type", "value"),
                           [(ids[link[0]], *link[1:]) for link in batch.links])
        report.links += len(batch.links)
        # the private-lookup tokens are encoded later, off the import's path (157 us each)
        lookup_index.values_added(conn, by.agency_id, [(row[1], row[2]) for row in observables
                                                       if records[row[0]]["disclosable"]],
                                  defer=True)
        matched = correlation.match_new(conn, min(ids), max(ids)) & set(ids)
        listed = warninglists.current()
        report.matched += sum(1 for ident, row in zip(ids, observables, strict=True)
                              if ident in matched and not listed.is_listed(row[1], row[2]))
        if matched:
            known = {d.agency_id for d in report.told}
            report.told += [d for d in hits.on_import(session, by, now, sorted(matched))
                            if d.agency_id not in known]
    report.record_ids += [r["id"] for r in records]
    report.observables += len(observables)


# --- pipelined import --------------------------------------------------------------------


@dataclass
class BatchOutcome:
    """One batch of a pipelined import: written and committed, or refused whole."""

    index: int
    report: ImportReport | None
    error: Invalid | None = None
    prepare_seconds: float = 0.0  # in a worker, alongside the writing
    waited_seconds: float = 0.0  # the writer waiting for a worker to hand over the batch


def import_pipelined(factory: sessionmaker[Session],
                     batches: Iterable[tuple[Principal, Sequence[Any]]], now: datetime, *,
                     keep_good: bool = False, workers: int = 1) -> Iterator[BatchOutcome]:
    """Import raw records batch by batch, each batch in its own transaction, while worker
    processes parse and prepare the next batches (validation and normalisation are most of
    an import's Python work; the database takes one writer). A refused batch stores nothing
    and ends the import; the batches before it stay imported."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    offset = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[tuple[Principal, Future[Prepared]]] = deque()
        source = iter(batches)

        def submit() -> bool:
            nonlocal offset
            try:
                by, raw = next(source)
            except StopIteration:
                return False
            pending.append((by, pool.submit(parse_and_prepare, raw, now, by, offset)))
            offset += len(raw)
            return True

        for _ in range(workers + 1):
            if not submit():
                break
        index = 0
        while pending:
            by, future = pending.popleft()
            started = time.perf_counter()
            prepared = future.result()
            waited = time.perf_counter() - started
            submit()
            try:
                with factory.begin() as session:
                    report = write_prepared(session, prepared, now, by, keep_good=keep_good)
            except Invalid as exc:
                for _, later in pending:
                    later.cancel()
                yield BatchOutcome(index, None, exc, prepared.seconds, waited)
                return
            yield BatchOutcome(index, report, None, prepared.seconds, waited)
            index += 1
