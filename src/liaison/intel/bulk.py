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

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from liaison import audit, warninglists
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.agencies.models import Agency
from liaison.agreements.models import agreement_members
from liaison.correlation import keys as correlation_keys
from liaison.correlation import service as correlation
from liaison.correlation.models import ObservableLink
from liaison.errors import FieldError, Invalid
from liaison.ids import new_id
from liaison.intel.models import Observable, Record, RecordOffence, record_recipients
from liaison.intel.schemas import RecordCreate
from liaison.lookup import index as lookup_index
from liaison.policy.tallies import Markings, records_inserted
from liaison.vocab import TLP, categories_to_mask

CHUNK = 2000  # records per multi-row statement round


@dataclass
class ImportReport:
    record_ids: list[str] = field(default_factory=list)
    observables: int = 0
    links: int = 0
    matched: int = 0  # observables correlating with another record's (not warninglisted)
    refused: list[FieldError] = field(default_factory=list)


def _problems(session: Session, items: Sequence[RecordCreate], now: datetime,
              by: Principal) -> dict[int, FieldError]:
    """What `create_record` would refuse, per item index, checked with one query per kind."""
    mine = set(session.scalars(select(agreement_members.c.agreement_id).where(
        agreement_members.c.agency_id == by.agency_id)))
    named = {r for item in items for r in item.recipient_ids}
    known = set(session.scalars(select(Agency.id).where(Agency.id.in_(named)))) if named else set()
    problems: dict[int, FieldError] = {}
    for index, item in enumerate(items):
        where = f"records.{index}"
        if item.expires_at is not None and item.expires_at <= now:
            problems[index] = FieldError(f"{where}.expires_at", "must be in the future")
        elif item.distribution_agreement_id and item.distribution_agreement_id not in mine:
            problems[index] = FieldError(f"{where}.distribution_agreement_id",
                                         "no such agreement with your agency as a member")
        elif unknown := sorted(set(item.recipient_ids) - known):
            problems[index] = FieldError(f"{where}.recipient_ids",
                                         f"no such agency: {', '.join(unknown)}")
        elif by.agency_id in item.recipient_ids:
            problems[index] = FieldError(f"{where}.recipient_ids",
                                         "the owner needs not name itself")
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


def import_records(session: Session, items: Sequence[RecordCreate], now: datetime,
                   by: Principal, *, keep_good: bool = False) -> ImportReport:
    by.require(Permission.RECORD_CREATE)
    problems = _problems(session, items, now, by)
    if problems and not keep_good:
        raise Invalid("Some records cannot be imported; none was.", list(problems.values()))
    report = ImportReport(refused=list(problems.values()))
    good = [item for index, item in enumerate(items) if index not in problems]
    with _roomy_cache(session.connection()):
        for start in range(0, len(good), CHUNK):
            _write(session, good[start:start + CHUNK], now, by, report)
    audit.append_many(session, by.actor, "record.create", "record", [
        (record_id, {"imported": True}) for record_id in report.record_ids], now)
    return report


def _write(session: Session, items: Sequence[RecordCreate], now: datetime, by: Principal,
           report: ImportReport) -> None:
    conn = session.connection()
    records: list[dict[str, Any]] = []
    offences: list[dict[str, str]] = []
    recipients: list[dict[str, str]] = []
    observables: list[dict[str, Any]] = []
    link_values: list[tuple[tuple[str, str], ...]] = []
    for item in items:
        record_id = new_id()
        records.append({
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
        offences += [{"record_id": record_id, "offence": o.value}
                     for o in dict.fromkeys(item.offences)]
        recipients += [{"record_id": record_id, "agency_id": a}
                       for a in dict.fromkeys(item.recipient_ids)]
        seen: set[tuple[str, str]] = set()
        for observable in item.observables:
            key = (observable.type.value, observable.value)
            if key in seen:
                continue
            seen.add(key)
            observables.append({"record_id": record_id, "type": key[0], "value": key[1],
                                "comment": observable.comment,
                                "address_key": correlation_keys.address_key(*key)})
            link_values.append(tuple((t.value, v) for t, v in correlation_keys.links(*key)))
    conn.execute(insert(Record), records)
    records_inserted(conn, (Markings.of_values(r) for r in records))
    if offences:
        conn.execute(insert(RecordOffence), offences)
    if recipients:
        conn.execute(insert(record_recipients), recipients)
    if observables:
        ids = _reserve_ids(conn, len(observables))
        for ident, row in zip(ids, observables, strict=True):
            row["id"] = ident
        _insert_rows(conn, Observable.__tablename__,
                     ("id", "record_id", "type", "value", "comment", "address_key"), observables)
        links = [{"observable_id": i, "type": t, "value": v}
                 for i, pairs in zip(ids, link_values, strict=True) for t, v in pairs]
        if links:
            _insert_rows(conn, ObservableLink.__tablename__, ("observable_id", "type", "value"),
                         links)
        report.links += len(links)
        # the private-lookup tokens are encoded later, off the import's path (157 us each)
        lookup_index.values_added(conn, by.agency_id,
                                  [(row["type"], row["value"]) for row in observables],
                                  defer=True)
        matched = correlation.match_new(conn, min(ids), max(ids))
        listed = warninglists.current()
        report.matched += sum(1 for ident, row in zip(ids, observables, strict=True)
                              if ident in matched and not listed.is_listed(row["type"],
                                                                           row["value"]))
    report.record_ids += [r["id"] for r in records]
    report.observables += len(observables)
