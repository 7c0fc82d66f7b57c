"""How fast is the sharing-policy filter? First page and count of records visible to a viewer.

Every list, search, count and export of records goes through `liaison.policy.record_filter`,
so its cost is paid on every screen. This builds a synthetic world (agencies, bilateral and
multilateral agreements with random scopes, records with the full mix of markings) in a schema
made by the Alembic migrations, then times, per viewer agency, the filtered queries against the
same queries without the filter (the floor: what reading records costs at all).

Measured, each in a fresh session with its connection already checked out:

- page: `record_filter(...)` plus the first 50 records, newest first, as ORM objects, which
  is what a list page does (joined owner, selectin recipients / offences / observables);
- page_columns: the same with plain columns instead of ORM objects, so the policy's share of
  the cost is not hidden behind object loading;
- count: `count_visible(...)`, what every unfiltered count (dashboard, list totals) runs: the
  owners' counters plus the records distributed to an agreement or to named agencies;
- count_rows: `count(*)` over `record_filter(...)`, what a count narrowed by a search runs
  (one pass after the others; it must equal `count`, or the run fails);
- filter_build: `record_filter(...)` alone;
- *_floor: the same queries with no filter (and no filter to build).

The derived tables (grants, counters) are rebuilt after the bulk load, as `liaison policy
rebuild` does after an import that bypasses the ORM, and the rebuild is timed. The counters are
then swept at NOW minus SWEEP_LAG, the worst case of a server sweeping every 15 minutes, so
counts pay for the correction of records expired since.

Usage: .venv/bin/python bench/policy.py [--records 20000 ...]. Prints one JSON object on
stdout; progress goes to stderr. PostgreSQL is used when it answers at 127.0.0.1:5432 (trust
auth, user postgres), in a database `liaison_bench` that is dropped and recreated.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVarTuple

from sqlalchemy import Engine, Select, create_engine, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from liaison import migrate
from liaison.agencies.models import Agency
from liaison.agreements.models import Agreement, agreement_members
from liaison.db import Base, make_engine, make_session_factory
from liaison.intel.models import Record, RecordOffence, record_recipients
from liaison.policy import count_visible, grants, record_filter, tallies
from liaison.vocab import (
    ALL_CATEGORIES_MASK,
    TLP,
    AgencyKind,
    AgreementKind,
    AgreementStatus,
    DataCategory,
    Distribution,
    Offence,
    Purpose,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
SWEEP_LAG = timedelta(minutes=15)
PAGE_SIZE = 50
BATCH = 5_000
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_DATABASE = "liaison_bench"
PAGE_COLUMNS = (  # what a list row shows, without loading ORM objects and their relationships
    Record.id, Record.owner_id, Record.title, Record.tlp, Record.distribution, Record.purpose,
    Record.created_at,
)

TLP_WEIGHTS = {TLP.CLEAR: 10, TLP.GREEN: 35, TLP.AMBER: 35, TLP.AMBER_STRICT: 12, TLP.RED: 8}
DISTRIBUTION_WEIGHTS = {
    Distribution.OWNER: 10,
    Distribution.AGENCIES: 20,
    Distribution.AGREEMENT: 20,
    Distribution.PARTNERS: 35,
    Distribution.EVERYONE: 15,
}
MAX_TLP_WEIGHTS = {TLP.CLEAR: 5, TLP.GREEN: 20, TLP.AMBER: 40, TLP.AMBER_STRICT: 25, TLP.RED: 10}
COUNTRIES = ["AT", "BE", "DE", "EE", "ES", "FR", "GB", "IE", "IT", "NL", "PL", "PT", "SE", "US"]
FILLER = (
    "Phishing infrastructure observed targeting retail banking customers; kits reuse the same "
    "panel, drop addresses rotate weekly and the operators launder through mule accounts. "
) * 4

Row = dict[str, Any]
Columns = TypeVarTuple("Columns")
NewId = Callable[[], str]


@dataclass
class World:
    """The rows to load, per table, and the viewers to measure."""

    agencies: list[Row] = field(default_factory=list)
    agreements: list[Row] = field(default_factory=list)
    members: list[Row] = field(default_factory=list)
    records: list[Row] = field(default_factory=list)
    recipients: list[Row] = field(default_factory=list)
    offences: list[Row] = field(default_factory=list)
    viewers: list[str] = field(default_factory=list)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def random_mask(rng: random.Random, full: float) -> int:
    """A non-empty scope mask; `full` of them permit everything, as broad agreements do."""
    return ALL_CATEGORIES_MASK if rng.random() < full else rng.randint(1, ALL_CATEGORIES_MASK)


def build_world(
    rng: random.Random, n_agencies: int, n_agreements: int, n_records: int, n_viewers: int
) -> World:
    """A deterministic world; ids come from the seeded generator, not from uuid4()."""

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    world = World()
    add_agencies(world, rng, new_id, n_agencies)
    agreements_of = add_agreements(world, rng, new_id, n_agreements)
    add_records(world, rng, new_id, n_records, agreements_of)
    world.viewers = rng.sample(list(agreements_of), min(n_viewers, n_agencies))
    return world


def add_agencies(world: World, rng: random.Random, new_id: NewId, n: int) -> None:
    for i in range(n):
        world.agencies.append({
            "id": new_id(), "name": f"Agency {i:04d}", "short_name": f"AG{i:04d}",
            "country": rng.choice(COUNTRIES), "kind": rng.choice(list(AgencyKind)).value,
            "timezone": "Europe/Brussels", "is_contact_point": rng.random() < 0.1,
            "created_at": NOW - timedelta(days=1000),
        })


def add_agreements(
    world: World, rng: random.Random, new_id: NewId, n: int
) -> dict[str, list[str]]:
    """A tenth multilateral (5-40 members), the rest bilateral; returns each agency's."""
    agency_ids = [a["id"] for a in world.agencies]
    agreements_of: dict[str, list[str]] = {a: [] for a in agency_ids}
    n_multi = max(1, n // 10)
    pairs: set[tuple[str, str]] = set()
    all_pairs = len(agency_ids) * (len(agency_ids) - 1) // 2
    for i in range(n):
        multilateral = i < n_multi
        if multilateral:
            members = rng.sample(agency_ids, min(len(agency_ids), rng.randint(5, 40)))
        else:
            while True:
                a, b = sorted(rng.sample(agency_ids, 2))
                if (a, b) not in pairs or len(pairs) >= all_pairs:
                    break
            pairs.add((a, b))
            members = [a, b]
        state = rng.random()
        valid_from: datetime | None = NOW - timedelta(days=rng.randint(30, 900))
        valid_until: datetime | None = NOW + timedelta(days=rng.randint(30, 900))
        if state < 0.08:  # expired by its validity window
            valid_until = NOW - timedelta(days=rng.randint(1, 300))
        elif state < 0.11:  # not yet in force
            valid_from = NOW + timedelta(days=rng.randint(1, 60))
        elif state < 0.5:
            valid_from, valid_until = (None, None) if rng.random() < 0.5 else (valid_from, None)
        suspended = rng.random() < 0.07
        agreement_id = new_id()
        world.agreements.append({
            "id": agreement_id, "name": f"Agreement {i:05d}",
            "kind": (AgreementKind.MULTILATERAL if multilateral else AgreementKind.BILATERAL).value,
            "legal_basis": "Council of Europe Convention on Cybercrime, Art. 25-27.",
            "legal_reference": f"MLA/{2020 + i % 7}/{i:05d}",
            "valid_from": valid_from, "valid_until": valid_until,
            "status": (AgreementStatus.SUSPENDED if suspended else AgreementStatus.ACTIVE).value,
            "status_reason": "Under review." if suspended else None,
            "category_mask": random_mask(rng, 0.4), "purpose_mask": random_mask(rng, 0.4),
            "max_tlp": int(weighted(rng, MAX_TLP_WEIGHTS)), "onward_transfer": False,
            "retention_days": rng.choice([180, 365, 730, 1825]),
            "created_at": NOW - timedelta(days=950), "updated_at": NOW - timedelta(days=950),
        })
        for member in members:
            world.members.append({"agreement_id": agreement_id, "agency_id": member})
            agreements_of[member].append(agreement_id)
    return agreements_of


def add_records(
    world: World,
    rng: random.Random,
    new_id: NewId,
    n: int,
    agreements_of: dict[str, list[str]],
) -> None:
    agency_ids = list(agreements_of)
    # a few agencies write most records, as in real life
    activity = [rng.paretovariate(1.5) for _ in agency_ids]
    owners = rng.choices(agency_ids, weights=activity, k=n)
    created = sorted(NOW - timedelta(seconds=rng.randint(60, 730 * 86400)) for _ in owners)
    categories = list(DataCategory)
    for owner, created_at in zip(owners, created, strict=True):  # oldest first, as inserted live
        record_id = new_id()
        distribution = weighted(rng, DISTRIBUTION_WEIGHTS)
        distributed_to: str | None = None
        if distribution == Distribution.AGREEMENT:
            if agreements_of[owner]:
                distributed_to = rng.choice(agreements_of[owner])
            else:
                distribution = Distribution.PARTNERS
        if distribution == Distribution.AGENCIES:
            others = rng.sample(agency_ids, rng.randint(1, 6))
            for recipient in [a for a in others if a != owner][:5]:
                world.recipients.append({"record_id": record_id, "agency_id": recipient})
        expiry = rng.random()
        expires_at = None
        if expiry < 0.1:
            expires_at = NOW - timedelta(days=rng.randint(1, 365))
        elif expiry < 0.25:
            expires_at = NOW + timedelta(days=rng.randint(1, 365))
        mask = 0
        for category in rng.sample(categories, rng.choices([1, 2, 3, 4], [50, 30, 15, 5])[0]):
            mask |= category.bit
        world.records.append({
            "id": record_id, "owner_id": owner, "author_id": None,
            "title": f"Report {len(world.records):07d}", "summary": FILLER[: rng.randint(80, 600)],
            "tlp": int(weighted(rng, TLP_WEIGHTS)), "handling_codes": [], "handling_note": None,
            "source_reliability": rng.choice("ABCDEF"),
            "information_credibility": rng.randint(1, 6),
            "distribution": distribution.value, "distribution_agreement_id": distributed_to,
            "category_mask": mask, "purpose": rng.choice(list(Purpose)).value,
            "expires_at": expires_at, "created_at": created_at, "updated_at": created_at,
        })
        for offence in rng.sample(list(Offence), rng.randint(0, 2)):
            world.offences.append({"record_id": record_id, "offence": offence.value})


def batches(rows: Sequence[Row]) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def load(engine: Engine, world: World) -> None:
    """Core executemany in batches, then ANALYZE, as a deployment does after a bulk load."""
    tables = {
        Agency.__tablename__: world.agencies,
        Agreement.__tablename__: world.agreements,
        agreement_members.name: world.members,
        Record.__tablename__: world.records,
        record_recipients.name: world.recipients,
        RecordOffence.__tablename__: world.offences,
    }
    for name, rows in tables.items():
        table = Base.metadata.tables[name]
        started = time.perf_counter()
        with engine.begin() as conn:
            for batch in batches(rows):
                conn.execute(insert(table), batch)
        log(f"  {table.name}: {len(rows)} rows in {time.perf_counter() - started:.1f} s")


def after_load(engine: Engine, statements: Sequence[str]) -> None:
    """Ad hoc DDL (say, a candidate index) to measure before it goes into a migration."""
    with engine.begin() as conn:
        for statement in statements:
            log(f"  {statement}")
            conn.execute(text(statement))


def derive(engine: Engine) -> dict[str, float]:
    """Grants and counters from the bulk-loaded rows, then a sweep SWEEP_LAG before NOW."""
    timings = {}
    with engine.begin() as conn:
        started = time.perf_counter()
        grants.refresh(conn)
        timings["grants_rebuild_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        tallies.rebuild(conn)
        timings["counters_rebuild_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        tallies.sweep(conn, NOW - SWEEP_LAG)
        timings["sweep_s"] = round(time.perf_counter() - started, 2)
        timings["grants"] = conn.execute(select(func.count()).select_from(grants.Grant)).scalar()
    log(f"  derived: {timings}")
    return timings


def analyze(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def first_page(stmt: Select[*Columns]) -> Select[*Columns]:
    return stmt.order_by(Record.created_at.desc(), Record.id.desc()).limit(PAGE_SIZE)


def page(session: Session, viewer: str | None) -> int:
    stmt = select(Record)
    if viewer is not None:
        stmt = record_filter(session, viewer, NOW).select()
    return len(session.scalars(first_page(stmt)).all())


def page_plain(session: Session, viewer: str | None) -> int:
    stmt = select(*PAGE_COLUMNS)
    if viewer is not None:
        stmt = record_filter(session, viewer, NOW).where(stmt)
    return len(session.execute(first_page(stmt)).all())


def count(session: Session, viewer: str | None) -> int:
    if viewer is not None:
        return count_visible(session, viewer, NOW)
    return int(session.execute(select(func.count()).select_from(Record)).scalar_one())


def count_rows(session: Session, viewer: str | None) -> int:
    stmt = select(func.count()).select_from(Record)
    if viewer is not None:
        stmt = record_filter(session, viewer, NOW).where(stmt)
    return int(session.execute(stmt).scalar_one())


def build(session: Session, viewer: str | None) -> int:
    assert viewer is not None
    record_filter(session, viewer, NOW)
    return 0


Query = Callable[[Session, str | None], int]
MEASURES: dict[str, tuple[Query, bool]] = {  # name: (query, filtered)
    "page": (page, True),
    "page_floor": (page, False),
    "page_columns": (page_plain, True),
    "page_columns_floor": (page_plain, False),
    "count": (count, True),
    "count_floor": (count, False),
    "filter_build": (build, True),
}
# Measured in a pass of its own after the others: its full scans would evict from the
# database's cache what the next viewer's page needs, and charge that to the page.
SCANS: dict[str, tuple[Query, bool]] = {"count_rows": (count_rows, True)}


def timed(factory: sessionmaker[Session], query: Query, viewer: str | None) -> tuple[float, int]:
    """Milliseconds for one query in a fresh session, as one request would run it."""
    with factory() as session:
        session.connection()  # pool checkout (and pre-ping) is not the policy's cost
        started = time.perf_counter()
        result = query(session, viewer)
        elapsed = (time.perf_counter() - started) * 1000
        session.rollback()
    return elapsed, result


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(engine: Engine, world: World, repetitions: int) -> dict[str, Any]:
    """p50/p99 per measure over viewers x repetitions, after one warm-up pass.

    The world's millions of row objects are frozen out of the garbage collector: left in,
    they make each full collection take ~0.5 s, pauses a server would not have.
    """
    factory = make_session_factory(engine)
    samples: dict[str, list[float]] = {name: [] for name in (*MEASURES, *SCANS)}
    visible: dict[str, int] = {}
    gc.collect()
    gc.freeze()
    try:
        for rep in range(repetitions + 1):
            for viewer in world.viewers:
                for name, (query, filtered) in MEASURES.items():
                    elapsed, result = timed(factory, query, viewer if filtered else None)
                    if rep:
                        samples[name].append(elapsed)
                    if name == "count":
                        visible[viewer] = result
            log(f"  {'warm-up' if rep == 0 else f'repetition {rep}/{repetitions}'} done")
        for viewer in world.viewers:  # once each: seconds per viewer on PostgreSQL
            for name, (query, filtered) in SCANS.items():
                elapsed, result = timed(factory, query, viewer if filtered else None)
                samples[name].append(elapsed)
                if result != visible[viewer]:
                    raise AssertionError(
                        f"viewer {viewer}: the counters say {visible[viewer]}, the rows {result}")
        log("  row counts done")
    finally:
        gc.unfreeze()
    out: dict[str, Any] = {}
    for name, values in samples.items():
        out[f"{name}_p50_ms"] = round(statistics.median(values), 2)
        out[f"{name}_p99_ms"] = round(percentile(values, 0.99), 2)
    out["page_vs_floor_p50"] = round(out["page_p50_ms"] / out["page_floor_p50_ms"], 2)
    out["targets_met"] = {  # set by the steering people for SQLite at full size
        "page_p99_under_50ms": out["page_p99_ms"] < 50,
        "count_p99_under_50ms": out["count_p99_ms"] < 50,
        "page_within_3x_floor_p50": out["page_vs_floor_p50"] <= 3,
    }
    out["page_columns_vs_floor_p50"] = round(
        out["page_columns_p50_ms"] / out["page_columns_floor_p50_ms"], 2
    )
    out["visible_fraction_mean"] = round(
        statistics.mean(visible.values()) / max(1, len(world.records)), 4
    )
    out["visible_total"] = sum(visible.values())  # the same on every backend, or a bug
    out["samples_per_measure"] = len(samples["page"])
    out["load_average_1m"] = round(os.getloadavg()[0], 2)  # the CPUs may be shared
    return out


def run_backend(engine: Engine, world: World, args: argparse.Namespace) -> dict[str, Any]:
    log(f"{engine.dialect.name}: loading")
    load(engine, world)
    derived = derive(engine)
    after_load(engine, args.after_load)
    analyze(engine)
    log(f"{engine.dialect.name}: measuring {len(world.viewers)} viewers x {args.repetitions}")
    return {**measure(engine, world, args.repetitions), "derived": derived}


def run_sqlite(world: World, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="liaison-bench-") as tmp:
        target: Path = args.sqlite_file or Path(tmp) / "bench.sqlite3"
        for stale in target.parent.glob(target.name + "*"):
            stale.unlink()
        url = f"sqlite:///{target}"
        migrate.upgrade(url)
        engine = make_engine(url)
        try:
            return run_backend(engine, world, args)
        finally:
            engine.dispose()


def run_postgresql(world: World, args: argparse.Namespace) -> dict[str, Any]:
    server = create_engine(f"{PG_SERVER}/postgres", connect_args={"connect_timeout": 3})
    try:
        with server.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
            if args.pg_jit_off:
                conn.execute(text(f"ALTER DATABASE {PG_DATABASE} SET jit = off"))
    except Exception as exc:  # any failure to reach it means: skip
        return {"skipped": f"PostgreSQL not reachable at 127.0.0.1:5432: {exc.__class__.__name__}"}
    finally:
        server.dispose()
    url = f"{PG_SERVER}/{PG_DATABASE}"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        result = run_backend(engine, world, args)
        with engine.connect() as conn:
            result["jit"] = conn.execute(text("SHOW jit")).scalar_one()
        return result
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--agreements", type=int, default=2_000)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--sqlite-file", type=Path, help="keep the SQLite database here")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgresql", action="store_true")
    parser.add_argument(
        "--pg-jit-off", action="store_true",
        help="ALTER DATABASE ... SET jit = off (the server default JIT-compiles big filters)",
    )
    parser.add_argument(
        "--after-load", action="append", default=[], metavar="SQL",
        help="statement to run after the bulk load, before ANALYZE (e.g. CREATE INDEX ...)",
    )
    args = parser.parse_args(argv)

    log("building the world")
    world = build_world(
        random.Random(args.seed), args.agencies, args.agreements, args.records, args.viewers
    )
    result: dict[str, Any] = {
        "agencies": len(world.agencies),
        "agreements": len(world.agreements),
        "records": len(world.records),
        "recipients": len(world.recipients),
        "viewers": len(world.viewers),
        "repetitions": args.repetitions,
        "page_size": PAGE_SIZE,
        "after_load": args.after_load,
    }
    result["sqlite"] = {"skipped": "--no-sqlite"} if args.no_sqlite else run_sqlite(world, args)
    result["postgresql"] = (
        {"skipped": "--no-postgresql"} if args.no_postgresql else run_postgresql(world, args)
    )
    fractions = [r["visible_fraction_mean"] for r in (result["sqlite"], result["postgresql"])
                 if "visible_fraction_mean" in r]
    result["visible_fraction_mean"] = fractions[0] if fractions else None
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
