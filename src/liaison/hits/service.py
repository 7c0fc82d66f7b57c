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

from sqlalchemy import ColumnElement, Select, and_, func, insert, select, union_all
from sqlalchemy.orm import Session, aliased

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
    return "H-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


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


def _crowded(session: Session, new_ids: Sequence[int], limit: int) -> set[int]:
    """Hashed keys (of the new observables' values and the values they imply) held more
    than `limit` times: counted on the key indexes alone, so an over-correlating value is
    dropped before its thousands of holders are listed."""
    keys = set(session.scalars(select(Observable.value_key).where(Observable.id.in_(new_ids))))
    keys |= set(session.scalars(select(ObservableLink.value_key)
                                .where(ObservableLink.observable_id.in_(new_ids))))
    counts: dict[int, int] = defaultdict(int)
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        for table in (Observable, ObservableLink):
            for key, n in session.execute(select(table.value_key, func.count())
                                          .where(table.value_key.in_(chunk))
                                          .group_by(table.value_key)):
                counts[key] += n
    return {key for key, n in counts.items() if n > limit}


def _matches(new_ids: Sequence[int],
             crowded: set[int]) -> Select[int, str, str, str, str, str, str]:
    """(observable, its record, its type and value, the key that matched, the other record)
    for new observables held by another record on their value or a value either implies
    (`crowded` keys left out): the pairs `correlation.match_new` found to exist, listed."""
    new, old = aliased(Observable, name="new"), aliased(Observable, name="old")
    mine, theirs = aliased(ObservableLink, name="mine"), aliased(ObservableLink, name="theirs")
    head = (new.id.label("observable_id"), new.record_id.label("record_id"),
            new.type.label("type"), new.value.label("value"))

    def same(a: Any, b: Any) -> ColumnElement[bool]:
        return and_(a.value_key == b.value_key, a.type == b.type, a.value == b.value)

    ours = new.id.in_(new_ids)
    elsewhere = old.record_id != new.record_id
    calm = sorted(crowded)
    own_key, implied_key = new.value_key.not_in(calm), mine.value_key.not_in(calm)
    return union_all(  # type: ignore[return-value]
        select(*head, new.type.label("key_type"), new.value.label("key_value"),
               old.record_id.label("other"))
        .join(old, and_(same(old, new), elsewhere)).where(ours, own_key),
        select(*head, mine.type, mine.value, old.record_id)
        .join(mine, mine.observable_id == new.id)
        .join(old, and_(same(old, mine), elsewhere)).where(ours, own_key, implied_key),
        select(*head, new.type, new.value, old.record_id)
        .join(theirs, same(theirs, new))
        .join(old, and_(old.id == theirs.observable_id, elsewhere)).where(ours, own_key),
        select(*head, mine.type, mine.value, old.record_id)
        .join(mine, mine.observable_id == new.id)
        .join(theirs, same(theirs, mine))
        .join(old, and_(old.id == theirs.observable_id, elsewhere))
        .where(ours, own_key, implied_key),
    )


def on_import(session: Session, by: Principal, now: datetime, matched: Sequence[int], *,
              limit: int = correlation.DEFAULT_LIMIT) -> list[Disclosed]:
    """Hits for observables a bulk import wrote (`matched`: those held elsewhere) against
    records the importer may not see, found set-based: one listing of the matches, one
    policy question for all the records they name. As for a single new record, values on a
    warninglist and values held by more than `limit` records make none, and a value makes
    at most HITS_PER_VALUE. (Networks are matched on searches and single records only.)"""
    listed = warninglists.current()
    visible = policy.record_filter(session, by.agency_id, now)
    pairs: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # value + record -> holders
    hidden: dict[str, tuple[str, bool]] = {}
    for start in range(0, len(matched), 500):
        chunk = matched[start:start + 500]
        matches = _matches(chunk, _crowded(session, chunk, limit)).subquery()
        others = sorted(set(session.scalars(select(matches.c.other).distinct())))
        # the policy sorts out which are out of sight; most matches are in sight
        out_of_sight: dict[str, tuple[str, bool]] = {}
        for first in range(0, len(others), 500):
            among = cast(Select[tuple[str]], select(Observable.record_id)  # they hold a match
                         .where(Observable.record_id.in_(others[first:first + 500]))
                         .distinct())
            for other, holder_id, disclosable in session.execute(visible.hidden_among(among)):
                out_of_sight[other] = (holder_id, bool(disclosable))
        if not out_of_sight:
            continue
        for _, record_id, type_, value, key_type, key_value, other in session.execute(
                select(matches).where(matches.c.other.in_(sorted(out_of_sight)))):
            if listed.is_listed(type_, value) or listed.is_listed(key_type, key_value):
                continue
            pairs[(record_id, type_, value)].add(other)
            hidden[other] = out_of_sight[other]
    made: dict[tuple[str, str, str], dict[str, Any]] = {}  # (record, type, value) -> hit row
    for (source_record_id, type_, value), found in sorted(pairs.items()):
        for record_id in sorted(r for r in found if r in hidden)[:HITS_PER_VALUE]:
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
    if fresh:
        session.execute(insert(Hit), fresh)
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
