"""How fast does Liaison take in observables and find who else holds a value?

Builds 200 agencies and 100,000 records holding 1,000,000 observables with realistic overlap
(95% of values are a record's own; 5% come from a shared pool drawn Zipf-wise, so a few
values recur across many agencies), written as analysts paste them: mixed case, some
defanged. Then measures, in one run on SQLite:

- ingest: records given as raw input (API bodies) in calls of up to 1,000 records of one
  agency, each call one transaction, through `intel.bulk.import_pipelined`: a worker process
  parses and prepares a call (`RecordCreate` validation, normalisation of every observable,
  the values it implies, hashed keys) while the main process writes the previous one
  (records, observables, derived links, the policy's counters, an audit entry per record,
  the private lookup's backlog, the correlation probe of every new observable against the
  store, and the deconfliction hits of those matching records out of the importer's sight).
  validate_normalise_seconds is the workers' time, overlapping the writes, and
  writer_waited_seconds the writer's time waiting for a worker (the rest it spends writing);
- floor: the same records and canonical observables (with their hashed keys) bulk-inserted
  into an empty database with the same schema (the driver's executemany, in one
  transaction), with no validation, normalisation, links, counters, audit or correlation;
- lookup: exact-match lookup of a canonical value (the records holding it, through the
  correlation index: one bound statement on the connection) at full size, for values held
  and not held;
- lookup_visible: what the API's correlation search does for a viewer (`correlation.lookup`:
  normalise, warninglists, the holders counted up to the limit, the derived keys, and the
  visible records through the policy filter, newest first);
- psi: a private hit/no-hit lookup (`lookup.client.run_lookup`) of 10,000 values (1,000 of
  them held) against a partner agency holding 1,000,000 values: seconds and bytes exchanged.
  The partner's token set is precomputed by `lookup.index.values_added` as its ingest would
  (timed apart, as psi_precompute_seconds); its records themselves are not written.

Usage: .venv/bin/python bench/correlate.py [--observables 1000000 ...]. Prints one JSON
object on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select

from liaison import migrate
from liaison.accounts.models import User
from liaison.accounts.principal import Principal
from liaison.agencies.models import Agency
from liaison.agreements.models import Agreement
from liaison.correlation import keys as correlation_keys
from liaison.correlation import service as correlation
from liaison.db import make_engine, make_session_factory
from liaison.ids import new_record_id
from liaison.intel.bulk import import_pipelined
from liaison.intel.models import Observable, Record
from liaison.lookup import client as lookup_client
from liaison.lookup import index as lookup_index
from liaison.observables import normalise
from liaison.vocab import AgencyKind, AgreementKind, DataCategory, Purpose, Role

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
SHARED_FRACTION = 0.05
RECORDS_PER_CALL = 1000
TLDS = ("com", "net", "top", "xyz", "info", "online", "ru", "cn", "io", "shop")
WORDS = ("secure", "login", "bank", "verify", "update", "parcel", "track", "wallet", "cdn",
         "panel", "gate", "support", "invoice", "account", "portal", "cloud", "sync", "pay")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Values:
    """Raw observable values as analysts paste them, deterministic per seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def domain(self) -> str:
        r = self.rng
        return f"{r.choice(WORDS)}-{r.choice(WORDS)}{r.randrange(10**6)}.{r.choice(TLDS)}"

    def one(self) -> tuple[str, str]:
        r = self.rng
        kind = r.random()
        if kind < 0.25:
            value = ".".join(str(r.randrange(1, 224 if i == 0 else 255)) for i in range(4))
            return "ipv4", value.replace(".", "[.]", 1) if r.random() < 0.2 else value
        if kind < 0.45:
            value = self.domain()
            return "domain", value.upper() if r.random() < 0.1 else value
        if kind < 0.65:
            scheme = "hxxps" if r.random() < 0.2 else "https"
            return "url", f"{scheme}://{self.domain()}/{r.choice(WORDS)}/{r.randrange(10**6)}.php"
        if kind < 0.80:
            return "sha256", f"{r.getrandbits(256):064x}"
        if kind < 0.85:
            return "md5", f"{r.getrandbits(128):032X}"
        if kind < 0.95:
            return "email", f"{r.choice(WORDS)}{r.randrange(10**5)}@{self.domain()}"
        return "sha1", f"{r.getrandbits(160):040x}"


def build_inputs(rng: random.Random, n_records: int, per_record: int,
                 owners: Sequence[int]) -> list[dict[str, Any]]:
    values = Values(rng)
    pool = [values.one() for _ in range(max(1, n_records * per_record // 200))]
    weights = [1 / (k + 1) for k in range(len(pool))]  # Zipf, exponent 1
    shared = iter(rng.choices(pool, weights=weights, k=n_records * per_record))
    inputs = []
    for i in range(n_records):
        observables = []
        for _ in range(per_record):
            type_, value = next(shared) if rng.random() < SHARED_FRACTION else values.one()
            observables.append({"type": type_, "value": value})
        inputs.append({
            "owner": owners[i], "title": f"Report {i:07d}: phishing and loader infrastructure",
            "offences": ["computer_related_fraud"], "tlp": rng.choice(["green", "amber"]),
            "distribution": "partners", "categories": ["technical_indicators"],
            "purpose": rng.choice(["investigation", "intelligence"]),
            "observables": observables,
        })
    return inputs


def set_up(url: str, n_agencies: int, rng: random.Random) -> list[Principal]:
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session:
        agencies = [Agency(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                           name=f"Agency {i:04d}", short_name=f"AG{i:04d}", country="NL",
                           kind=AgencyKind.POLICE.value, timezone="UTC")
                    for i in range(n_agencies)]
        session.add_all(agencies)
        users = [User(agency_id=a.id, username=f"analyst{i:04d}", display_name="Analyst",
                      password_hash="x", roles=[Role.ANALYST.value])
                 for i, a in enumerate(agencies)]
        session.add_all(users)
        for i in range(0, n_agencies, 20):  # communities of 20, as regional networks are
            session.add(Agreement(
                name=f"Community {i}", kind=AgreementKind.MULTILATERAL.value,
                legal_basis="ETS 185", legal_reference="Art. 26",
                category_mask=(1 << len(DataCategory)) - 1,
                purpose_mask=(1 << len(Purpose)) - 1, max_tlp=3, retention_days=365,
                members=agencies[i:i + 20]))
        session.commit()
        principals = [Principal.of(u) for u in users]
    engine.dispose()
    return principals


def ingest(url: str, inputs: list[dict[str, Any]], principals: list[Principal],
           workers: int) -> dict[str, Any]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    by_owner: dict[int, list[dict[str, Any]]] = {}
    for item in inputs:
        by_owner.setdefault(item["owner"], []).append(
            {k: v for k, v in item.items() if k != "owner"})
    calls = [(principals[owner], items[start:start + RECORDS_PER_CALL])
             for owner, items in sorted(by_owner.items())
             for start in range(0, len(items), RECORDS_PER_CALL)]
    stored = matched = 0
    prepare_s = waited_s = 0.0
    started = time.perf_counter()
    for outcome in import_pipelined(factory, calls, NOW, workers=workers):
        if outcome.report is None:
            raise AssertionError(f"batch {outcome.index} refused: {outcome.error}")
        stored += outcome.report.observables
        matched += outcome.report.matched
        prepare_s += outcome.prepare_seconds
        waited_s += outcome.waited_seconds
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {"seconds": elapsed, "observables": stored, "matched": matched, "calls": len(calls),
            "validate_normalise_seconds": prepare_s, "writer_waited_seconds": waited_s}


def floor(url: str, inputs: list[dict[str, Any]], principals: list[Principal]
          ) -> dict[str, Any]:
    """The same rows, canonical values given, bulk-inserted with no work of ours."""
    canonical = {}
    for item in inputs:
        for o in item["observables"]:
            key = (o["type"], o["value"])
            if key not in canonical:
                canonical[key] = normalise(*key)
    records, observables = [], []
    for item in inputs:
        record_id = new_record_id()  # the ingest's id scheme: the same rows
        records.append({
            "id": record_id, "owner_id": principals[item["owner"]].agency_id,
            "author_id": None, "title": item["title"], "summary": "", "tlp": 1,
            "handling_codes": ["no_restriction"], "handling_note": None,
            "source_reliability": "F", "information_credibility": 6,
            "distribution": "partners", "distribution_agreement_id": None, "category_mask": 1,
            "purpose": item["purpose"], "expires_at": None, "created_at": NOW,
            "updated_at": NOW})
        seen = set()
        for o in item["observables"]:
            value = canonical[(o["type"], o["value"])]
            if (o["type"], value) not in seen:
                seen.add((o["type"], value))
                observables.append((record_id, o["type"], value, None, None,
                                    correlation_keys.value_key(o["type"], value)))
    engine = make_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        for start in range(0, len(records), RECORDS_PER_CALL):
            conn.execute(insert(Record), records[start:start + RECORDS_PER_CALL])
        for start in range(0, len(observables), RECORDS_PER_CALL * 10):
            conn.exec_driver_sql(
                "INSERT INTO observables (record_id, type, value, comment, address_key, "
                "value_key) VALUES (?, ?, ?, ?, ?, ?)",
                observables[start:start + RECORDS_PER_CALL * 10])
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {"seconds": elapsed, "observables": len(observables)}


def lookups(url: str, inputs: list[dict[str, Any]], principals: list[Principal],
            rng: random.Random, n: int) -> dict[str, Any]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    held = [rng.choice(rng.choice(inputs)["observables"]) for _ in range(n)]
    absent = [Values(random.Random(7)).one() for _ in range(n)]
    probes = [(o["type"], o["value"]) for o in held] + absent
    rng.shuffle(probes)
    canonical = [(type_, normalise(type_, raw)) for type_, raw in probes]
    # the records holding a value, through the correlation index: one statement, bound
    holding = select(Observable.record_id).where(
        Observable.value_key == bindparam("key"), Observable.type == bindparam("type"),
        Observable.value == bindparam("value"))
    exact, visible, found = [], [], 0
    with factory() as session:
        conn = session.connection()
        for type_, raw in probes[:50]:  # warm-up
            correlation.lookup(session, principals[0].agency_id, NOW, type_, raw)
        for type_, value in canonical:
            t0 = time.perf_counter()
            ids = conn.execute(holding, {"key": correlation_keys.value_key(type_, value),
                                         "type": type_, "value": value}).scalars().all()
            exact.append((time.perf_counter() - t0) * 1000)
            found += bool(ids)
        for type_, raw in probes:
            viewer = rng.choice(principals).agency_id
            t0 = time.perf_counter()
            correlation.lookup(session, viewer, NOW, type_, raw)
            visible.append((time.perf_counter() - t0) * 1000)
    engine.dispose()
    return {
        "lookup_p50_ms": round(statistics.median(exact), 3),
        "lookup_p99_ms": round(percentile(exact, 0.99), 3),
        "lookup_visible_p50_ms": round(statistics.median(visible), 3),
        "lookup_visible_p99_ms": round(percentile(visible, 0.99), 3),
        "lookups": len(probes), "lookups_found": found,
    }


def private_lookup(url: str, asker: Principal, n_held: int, n_asked: int) -> dict[str, Any]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session:
        partner = Agency(id=str(uuid.uuid4()), name="PSI partner", short_name="PSI",
                         country="FR", kind=AgencyKind.POLICE.value, timezone="UTC")
        asking = session.get_one(Agency, asker.agency_id)
        session.add(partner)
        session.add(Agreement(
            name="PSI pact", kind=AgreementKind.BILATERAL.value, legal_basis="ETS 185",
            legal_reference="Art. 26", category_mask=(1 << len(DataCategory)) - 1,
            purpose_mask=(1 << len(Purpose)) - 1, max_tlp=3, retention_days=365,
            members=[asking, partner]))
        session.commit()
        partner_id = partner.id

    def value(i: int) -> tuple[str, str]:
        return "sha256", hashlib.sha256(b"held %d" % i).hexdigest()

    started = time.perf_counter()
    with factory.begin() as session:
        for start in range(0, n_held, 50_000):
            lookup_index.values_added(session.connection(), partner_id,
                                      [value(i) for i in range(start, min(n_held, start + 50_000))])
    precompute = time.perf_counter() - started
    asked = [value(i) for i in range(n_held - n_asked // 10, n_held)]
    asked += [("sha256", hashlib.sha256(b"not held %d" % i).hexdigest())
              for i in range(n_asked - len(asked))]
    with factory.begin() as session:
        started = time.perf_counter()
        outcome = lookup_client.run_lookup(session, asker, partner_id, asked, NOW,
                                           max_per_day=n_asked)
        seconds = time.perf_counter() - started
    engine.dispose()
    if len(outcome.hits) != n_asked // 10:
        raise AssertionError(f"private lookup found {len(outcome.hits)} of {n_asked // 10}")
    return {"psi_seconds": round(seconds, 2),
            "psi_bytes": outcome.bytes_sent + outcome.bytes_received,
            "psi_values_asked": n_asked, "psi_partner_values": outcome.partner_values,
            "psi_hits": len(outcome.hits), "psi_precompute_seconds": round(precompute, 1)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observables", type=int, default=1_000_000)
    parser.add_argument("--per-record", type=int, default=10)
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--psi-partner-values", type=int, default=1_000_000)
    parser.add_argument("--psi-asked", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1,
                        help="processes parsing and preparing batches beside the writer")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    n_records = args.observables // args.per_record
    result: dict[str, Any] = {"records": n_records, "observables_given": args.observables,
                              "agencies": args.agencies, "shared_fraction": SHARED_FRACTION}
    with tempfile.TemporaryDirectory(prefix="liaison-correlate-") as tmp:
        ingest_url = f"sqlite:///{Path(tmp) / 'ingest.sqlite3'}"
        floor_url = f"sqlite:///{Path(tmp) / 'floor.sqlite3'}"
        log("setting up agencies, users and agreements")
        principals = set_up(ingest_url, args.agencies, random.Random(args.seed))
        set_up(floor_url, args.agencies, random.Random(args.seed))
        log("building raw inputs")
        owners = [int(rng.paretovariate(1.2)) % args.agencies for _ in range(n_records)]
        inputs = build_inputs(rng, n_records, args.per_record, owners)
        gc.collect()
        gc.freeze()
        log("floor: bulk insert without our work")
        floored = floor(floor_url, inputs, principals)
        log(f"  {floored}")
        log("ingest: validate, normalise, store, correlate")
        ingested = ingest(ingest_url, inputs, principals, args.workers)
        log(f"  {ingested}")
        gc.unfreeze()
        log("lookups")
        looked = lookups(ingest_url, inputs, principals, rng, args.lookups // 2)
        log("private lookup: precomputing the partner's tokens, then asking")
        private = private_lookup(ingest_url, principals[0], args.psi_partner_values,
                                 args.psi_asked)
    result.update({
        "ingest_obs_per_s": round(ingested["observables"] / ingested["seconds"]),
        "floor_obs_per_s": round(floored["observables"] / floored["seconds"]),
        "ingest_seconds": round(ingested["seconds"], 2),
        "validate_normalise_seconds": round(ingested["validate_normalise_seconds"], 2),
        "writer_waited_seconds": round(ingested["writer_waited_seconds"], 2),
        "floor_seconds": round(floored["seconds"], 2),
        "ingest_calls": ingested["calls"], "ingest_workers": args.workers,
        "observables_stored": ingested["observables"],
        "observables_matched_at_ingest": ingested["matched"],
        **looked,
        **private,
    })
    result["ingest_vs_floor"] = round(result["floor_obs_per_s"] / result["ingest_obs_per_s"], 2)
    result["targets_met"] = {
        "ingest_at_least_100k_per_s": result["ingest_obs_per_s"] >= 100_000,
        "ingest_within_4x_floor": result["ingest_vs_floor"] <= 4,
        "lookup_p99_under_2ms": result["lookup_p99_ms"] < 2,
        "psi_under_30s": result["psi_seconds"] < 30,
    }
    result["load_average_1m"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
