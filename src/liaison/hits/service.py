"""Making hits when an agency searches for or records a value others hold out of its sight,
and listing them for either side.

Which records the seeker may not see, and who learns what of a hit, are the policy's answers
(`RecordFilter.hidden_among`, `policy.hits`);
which values may link at all is correlation's (warninglists, the over-correlation limit).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, union_all
from sqlalchemy.orm import Session

from liaison import audit, policy, warninglists
from liaison.accounts.principal import Principal
from liaison.agencies.models import Agency
from liaison.correlation import service as correlation
from liaison.correlation.models import ObservableLink
from liaison.hits.models import Hit
from liaison.intel.models import Observable, Record
from liaison.policy import hits as hit_rules

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
HITS_PER_VALUE = 50  # a value held out of sight by more records tells the seeker nothing more


@dataclass(frozen=True)
class Disclosed:
    """What the seeker learns of one hit: the agency to contact, and the reference."""

    reference: str
    agency_id: str
    agency_name: str
    country: str


def _reference() -> str:
    # 32 letters: the low five bits of a random byte pick one without bias
    return "H-" + "".join(REFERENCE_ALPHABET[b & 31] for b in secrets.token_bytes(10))


def detect(session: Session, by: Principal, now: datetime, found: correlation.Lookup, *,
           source: str, source_record_id: str | None = None) -> list[Disclosed]:
    """Hits for what `found` matched out of the seeker's sight; what the seeker may learn."""
    if found.links_nothing:
        return []
    keys = [k for k in found.keys if not any(k is w for w, _ in found.warninglisted)]
    if not keys:
        return []
    holding = correlation.holding(keys, found.type, found.value)
    hidden = session.execute(
        policy.record_filter(session, by.agency_id, now).hidden_among(holding)
        .limit(HITS_PER_VALUE)
    ).all()
    told: dict[str, Disclosed] = {}
    for record_id, holder_id, disclosable in hidden:
        hit = _upsert(session, by, now, record_id, holder_id, found.type, found.value,
                      disclosed=hit_rules.seeker_is_told(bool(disclosable)), source=source,
                      source_record_id=source_record_id)
        if hit.disclosed and holder_id not in told:
            agency = session.get_one(Agency, holder_id)
            told[holder_id] = Disclosed(hit.reference, agency.id, agency.name, agency.country)
    return sorted(told.values(), key=lambda d: d.agency_name)


def _upsert(session: Session, by: Principal, now: datetime, record_id: str, holder_id: str,
            type_: str, value: str, *, disclosed: bool, source: str,
            source_record_id: str | None) -> Hit:
    hit = session.scalars(select(Hit).where(
        Hit.seeker_id == by.agency_id, Hit.record_id == record_id, Hit.type == type_,
        Hit.value == value)).first()
    if hit is not None:
        hit.times += 1
        hit.last_at = now
        hit.disclosed = disclosed
        return hit
    hit = Hit(reference=_reference(), seeker_id=by.agency_id, holder_id=holder_id,
              record_id=record_id, type=type_, value=value, source=source,
              source_record_id=source_record_id, disclosed=disclosed, first_at=now,
              last_at=now, times=1)
    session.add(hit)
    session.flush()
    # the value stays out of the trail: the record holds it, the hit row points there
    audit.append(session, by.actor, "hit.create", "hit", hit.reference, now,
                 record_id=record_id, holder_agency_id=holder_id, observable_type=type_,
                 source=source, disclosed=disclosed)
    return hit


def on_new_record(session: Session, by: Principal, now: datetime,
                  record: Record) -> list[Disclosed]:
    """Hits for every observable of a record just created by the seeker's agency."""
    told: dict[str, Disclosed] = {}
    for observable in record.observables:
        found = correlation.lookup(session, by.agency_id, now, observable.type,
                                   observable.value, page=0)
        for disclosed in detect(session, by, now, found, source="record",
                                source_record_id=record.id):
            told.setdefault(disclosed.agency_id, disclosed)
    return sorted(told.values(), key=lambda d: d.agency_name)


@dataclass(frozen=True)
class HitView:
    """A hit as one side sees it. The seeker's side never carries the record's id."""

    reference: str
    seeker_id: str
    holder_id: str
    record_id: str | None
    type: str
    value: str
    source: str
    disclosed: bool
    first_at: datetime
    last_at: datetime
    times: int


def listed(session: Session, by: Principal, *, side: hit_rules.Side, limit: int,
           offset: int) -> tuple[list[HitView], int]:
    """`holder`: matches others made against your records (all of them, disclosed or not);
    `seeker`: the hits you were told of (agency and reference only)."""
    visible = hit_rules.hits_visible(by.agency_id, side)
    total = session.execute(select(func.count()).select_from(Hit).where(visible)).scalar_one()
    rows = session.scalars(select(Hit).where(visible)
                           .order_by(Hit.last_at.desc(), Hit.id.desc())
                           .limit(limit).offset(offset)).all()
    reveal = hit_rules.reveals_record(side)
    return [HitView(h.reference, h.seeker_id, h.holder_id, h.record_id if reveal else None,
                    h.type, h.value, h.source, h.disclosed, h.first_at, h.last_at, h.times)
            for h in rows], int(total)


def agencies(session: Session, ids: Sequence[str]) -> dict[str, Agency]:
    return {a.id: a for a in session.scalars(select(Agency).where(Agency.id.in_(ids)))}


def search(session: Session, by: Principal, now: datetime, type_: str,
           raw: str) -> tuple[correlation.Lookup, list[Disclosed]]:
    """A seeker's lookup of a value: the records it may see, and the hits it may learn of."""
    found = correlation.lookup(session, by.agency_id, now, type_, raw)
    return found, detect(session, by, now, found, source="search")


# --- hits for bulk imports ---------------------------------------------------------------


Probe = tuple[int, str, str, str, str, str, int]  # observable, record, type, value, key's


def _probes(session: Session, new_ids: Sequence[int]) -> list[Probe]:
    """(observable, its record, its type and value, a key's type, value and hash) for each
    new observable and each key it correlates on: its own value and the values it implies."""
    head = (Observable.id, Observable.record_id, Observable.type, Observable.value)
    own = select(*head, Observable.type, Observable.value, Observable.value_key).where(
        Observable.id.in_(new_ids))
    implied = (select(*head, ObservableLink.type, ObservableLink.value, ObservableLink.value_key)
               .join(ObservableLink, ObservableLink.observable_id == Observable.id)
               .where(Observable.id.in_(new_ids)))
    rows = session.connection().execute(union_all(own, implied))
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _crowded(session: Session, keys: Sequence[int], limit: int) -> set[int]:
    """Hashed keys held more than `limit` times: counted on the key indexes alone, so an
    over-correlating value is dropped before its thousands of holders are listed."""
    counts: dict[int, int] = defaultdict(int)
    ordered = sorted(set(keys))
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        for table in (Observable, ObservableLink):
            for key, n in session.connection().execute(select(table.value_key, func.count())
                                          .where(table.value_key.in_(chunk))
                                          .group_by(table.value_key)):
                counts[key] += n
    return {key for key, n in counts.items() if n > limit}


def _holders(session: Session, wanted: dict[int, set[tuple[str, str]]]
             ) -> dict[tuple[str, str], set[str]]:
    """The records holding each wanted (type, value), as their own value or an implied one:
    listed once per value however many new observables share it (a popular value recurs
    in a batch; listing its holders per observable multiplied the rows by that)."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    conn = session.connection()  # plain rows: a popular value has hundreds of holders
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        direct = select(Observable.value_key, Observable.type, Observable.value,
                        Observable.record_id).where(Observable.value_key.in_(chunk))
        linked = (select(ObservableLink.value_key, ObservableLink.type, ObservableLink.value,
                         Observable.record_id)
                  .join(Observable, Observable.id == ObservableLink.observable_id)
                  .where(ObservableLink.value_key.in_(chunk)))
        for key, type_, value, record_id in conn.execute(union_all(direct, linked)):
            if (type_, value) in wanted[key]:  # not merely the same 64-bit hash
                found[(type_, value)].add(record_id)
    return found


def on_import(session: Session, by: Principal, now: datetime, matched: Sequence[int], *,
              limit: int = correlation.DEFAULT_LIMIT) -> list[Disclosed]:
    """Hits for observables a bulk import wrote (`matched`: those held elsewhere) against
    records the importer may not see, found set-based: the holders of each distinct value
    listed once, one policy question for all the records they name. As for a single new
    record, values on a warninglist and values held by more than `limit` records make none,
    and a value makes at most HITS_PER_VALUE. (Networks are matched on searches and single
    records only.)"""
    listed = warninglists.current()
    visible = policy.record_filter(session, by.agency_id, now)
    pairs: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # value + record -> holders
    hidden: dict[str, tuple[str, bool]] = {}
    for start in range(0, len(matched), 500):
        probes = [p for p in _probes(session, matched[start:start + 500])
                  if not listed.is_listed(p[2], p[3]) and not listed.is_listed(p[4], p[5])]
        crowded = _crowded(session, [p[6] for p in probes], limit)
        # a value held too widely links nothing, not even through the values it implies
        dropped = {p[0] for p in probes if p[6] in crowded and (p[2], p[3]) == (p[4], p[5])}
        probes = [p for p in probes if p[6] not in crowded and p[0] not in dropped]
        wanted: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for p in probes:
            wanted[p[6]].add((p[4], p[5]))
        holding = _holders(session, wanted)
        candidates: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for _, record_id, type_, value, key_type, key_value, _ in probes:
            candidates[(record_id, type_, value)] |= holding.get((key_type, key_value), set())
        for (record_id, _, _), others in candidates.items():
            others.discard(record_id)
        # the policy sorts out which are out of sight; many are the importer's own or in sight
        out_of_sight = visible.hidden_of(session, sorted(set().union(*candidates.values())))
        for pair, others in candidates.items():
            if out := [o for o in others if o in out_of_sight]:
                pairs[pair].update(out)
                hidden.update((o, out_of_sight[o]) for o in out)
    made: dict[tuple[str, str, str], dict[str, Any]] = {}  # (record, type, value) -> hit row
    for (source_record_id, type_, value), found in sorted(pairs.items()):
        for record_id in sorted(found)[:HITS_PER_VALUE]:
            holder_id, disclosable = hidden[record_id]
            row = made.get((record_id, type_, value))
            if row is not None:  # two imported records matched the same one
                row["times"] += 1
                continue
            made[(record_id, type_, value)] = {
                "seeker_id": by.agency_id, "holder_id": holder_id, "record_id": record_id,
                "type": type_, "value": value, "source": "record",
                "source_record_id": source_record_id,
                "disclosed": hit_rules.seeker_is_told(disclosable), "first_at": now,
                "last_at": now, "times": 1}
    return _upsert_many(session, by, now, made)


def _upsert_many(session: Session, by: Principal, now: datetime,
                 made: dict[tuple[str, str, str], dict[str, Any]]) -> list[Disclosed]:
    """`_upsert` for many hits of one seeker: repeats counted on the rows that exist, the
    new ones inserted in one statement and audited in one chain step."""
    records = sorted({record_id for record_id, _, _ in made})
    for start in range(0, len(records), 500):
        for hit in session.scalars(select(Hit).where(
                Hit.seeker_id == by.agency_id, Hit.record_id.in_(records[start:start + 500]))):
            row = made.pop((hit.record_id, hit.type, hit.value), None)
            if row is not None:
                hit.times += row["times"]
                hit.last_at, hit.disclosed = now, row["disclosed"]
                made[(hit.record_id, hit.type, hit.value)] = {**row, "reference": hit.reference,
                                                              "existing": True}
    fresh = [{**row, "reference": _reference()} for row in made.values()
             if not row.get("existing")]
    if fresh:  # Core rows: no ORM work per hit
        session.connection().execute(insert(cast(Table, Hit.__table__)), fresh)
        # the value stays out of the trail: the record holds it, the hit row points there
        audit.append_many(session, by.actor, "hit.create", "hit", [
            (row["reference"], {"record_id": row["record_id"],
                                "holder_agency_id": row["holder_id"],
                                "observable_type": row["type"], "source": row["source"],
                                "disclosed": row["disclosed"]}) for row in fresh], now)
    told: dict[str, Disclosed] = {}
    named = agencies(session, sorted({row["holder_id"] for row in made.values()}))
    for row in [*fresh, *(r for r in made.values() if r.get("existing"))]:
        holder_id = row["holder_id"]
        if row["disclosed"] and holder_id not in told:
            agency = named[holder_id]
            told[holder_id] = Disclosed(row["reference"], agency.id, agency.name, agency.country)
    return sorted(told.values(), key=lambda d: d.agency_name)
