"""Each viewer's view of the campaigns: what it may see of them, and who to ask for the rest.

A viewer sees a campaign when it may see at least one of its records (the policy's filter
decides; nothing here does). Of the others it learns, by the deconfliction-hit rules, only
how many there are and which agencies (name, country) hold matching information; records
their owners marked not disclosable (covert operations) are left out altogether, as if they
were not there: they neither count nor link the viewer's records to anything.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liaison import policy
from liaison.agencies.models import Agency
from liaison.campaigns import graph as campaign_graph
from liaison.campaigns.graph import Component, Key, campaign_id, components_of
from liaison.correlation.keys import IP_TYPES
from liaison.correlation.service import DEFAULT_LIMIT
from liaison.errors import NotFound
from liaison.intel.models import Observable, Record
from liaison.policy import hits as hit_rules

CHUNK = 2000  # record ids per statement (each is bound twice: SQLite allows 32,766)
MAX_RECORDS = 500  # records listed on a campaign's page (all are counted)
MAX_VALUES = 1000  # linking values listed on it, most held first (all are counted)


@dataclass(frozen=True)
class Holder:
    """An agency holding records of the campaign the viewer may not see: all it learns."""

    id: str
    name: str
    country: str
    note: str = "holds matching information"


@dataclass(frozen=True)
class SharedValue:
    type: str
    value: str
    records: tuple[str, ...]  # the visible records holding it
    also_hidden: bool  # records the viewer may not see hold it too


@dataclass(frozen=True)
class CountryRow:
    country: str
    records: int  # visible records owned by agencies of the country
    hidden: int  # records of the country's agencies the viewer may not see


@dataclass
class CampaignSummary:
    id: str
    visible: int
    hidden: int
    holders: list[Holder]
    values: int  # linking values the viewer's records hold

    @property
    def size(self) -> int:
        return self.visible + self.hidden


@dataclass
class CampaignView(CampaignSummary):
    records: list[Record] = field(default_factory=list)  # newest first, up to MAX_RECORDS
    shared: list[SharedValue] = field(default_factory=list)  # up to MAX_VALUES
    countries: list[CountryRow] = field(default_factory=list)


@dataclass(frozen=True)
class _Part:
    """A viewer's campaign: part of a component once covert hidden records are removed."""

    id: str
    records: frozenset[str]
    visible: frozenset[str]
    hidden: dict[str, str]  # hidden record -> owning agency (disclosable ones only)
    holders: dict[Key, frozenset[str]]
    networks: Mapping[Key, frozenset[str]]  # networks -> the records holding them as values


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _hidden(session: Session, viewer_id: str, now: datetime,
            record_ids: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """Hidden record -> (owner, disclosable), by the policy's hit rule."""
    visible = policy.record_filter(session, viewer_id, now)
    out: dict[str, tuple[str, bool]] = {}
    for chunk in _chunks(sorted(record_ids)):
        # every record of a campaign holds observables: this names the chunk's records
        among = (select(Observable.record_id)
                 .where(Observable.record_id.in_(chunk)).distinct())
        hidden = visible.hidden_among(among)  # type: ignore[arg-type]
        for record_id, owner_id, disclosable in session.execute(hidden):
            out[record_id] = (owner_id, bool(disclosable))
    return out


def _parts(component: Component, hidden: dict[str, tuple[str, bool]]) -> list[_Part]:
    covert = {r for r in component.records
              if r in hidden and not hit_rules.seeker_is_told(hidden[r][1])}
    holders: dict[Key, frozenset[str]] = dict(component.holders)
    groups: Sequence[Iterable[str]] = [component.records]
    if covert:
        holders = {k: kept for k, rs in holders.items() if len(kept := rs - covert) >= 2}
        groups = components_of(holders)
    parts = []
    for group in groups:
        records = frozenset(group)
        visible = frozenset(r for r in records if r not in hidden)
        if not visible:
            continue
        mine = holders if not covert else {k: rs for k, rs in holders.items()
                                           if next(iter(rs)) in records}
        parts.append(_Part(campaign_id(min(records)), records, visible,
                           {r: hidden[r][0] for r in records if r in hidden}, mine,
                           component.networks))
    return parts


def _agencies(session: Session, ids: Iterable[str]) -> dict[str, Agency]:
    wanted = sorted(set(ids))
    found: dict[str, Agency] = {}
    for chunk in _chunks(wanted):
        found.update((a.id, a) for a in session.scalars(select(Agency).where(Agency.id.in_(chunk))))
    return found


def _holders(part: _Part, agencies: dict[str, Agency]) -> list[Holder]:
    return sorted((Holder(a.id, a.name, a.country)
                   for a in (agencies[o] for o in set(part.hidden.values()))),
                  key=lambda h: (h.name, h.id))


def _shown(part: _Part, key: Key, records: frozenset[str]) -> frozenset[str]:
    """The viewer's records linked through a value, when one of them holds the value: a
    network only hidden records hold is theirs, even if the viewer's addresses sit in it."""
    seen = records & part.visible
    if key in part.networks and not part.networks[key] & part.visible:
        return frozenset()
    return seen


def _in_hidden_network(part: _Part) -> set[Key]:
    """The viewer's addresses inside a network only hidden records hold (a hit, by the
    rules of lookups: the address matches; the network stays unsaid)."""
    unsaid = [ipaddress.ip_network(key[1]) for key, rs in part.holders.items()
              if key in part.networks and not _shown(part, key, rs) and rs - part.visible]
    if not unsaid:
        return set()
    return {(t, v) for (t, v), rs in part.holders.items()
            if t in IP_TYPES and rs & part.visible
            and any(ipaddress.ip_address(v) in n for n in unsaid)}


def _visible_values(part: _Part) -> list[SharedValue]:
    shared = []
    matched = _in_hidden_network(part)
    for (type_, value), records in part.holders.items():
        if seen := _shown(part, (type_, value), records):
            shared.append(SharedValue(
                type_, value, tuple(sorted(seen)),
                also_hidden=bool(records - part.visible) or (type_, value) in matched))
    shared.sort(key=lambda v: (-len(v.records) - v.also_hidden, v.type, v.value))
    return shared


def _summary(part: _Part, agencies: dict[str, Agency]) -> CampaignSummary:
    values = sum(1 for k, rs in part.holders.items() if _shown(part, k, rs))
    return CampaignSummary(part.id, len(part.visible), len(part.hidden),
                           _holders(part, agencies), values)


def campaigns_for(session: Session, viewer_id: str, now: datetime, *,
                  limit: int = DEFAULT_LIMIT) -> list[CampaignSummary]:
    """Every campaign the viewer sees a record of, largest first."""
    graph = campaign_graph.current(session, limit=limit)
    hidden = _hidden(session, viewer_id, now, graph.of_record)
    parts = [p for c in graph.components for p in _parts(c, hidden)]
    agencies = _agencies(session, (o for p in parts for o in p.hidden.values()))
    found = [_summary(p, agencies) for p in parts]
    found.sort(key=lambda c: (-c.size, -c.visible, c.id))
    return found


def _countries(session: Session, viewer_id: str, now: datetime, part: _Part,
               agencies: dict[str, Agency]) -> list[CountryRow]:
    visible = policy.record_filter(session, viewer_id, now)
    seen: Counter[str] = Counter()
    for chunk in _chunks(sorted(part.visible)):
        by_country: Any = (
            select(Agency.country, func.count()).select_from(Record)
            .join(Agency, Agency.id == Record.owner_id)
            .where(Record.id.in_(chunk)).group_by(Agency.country))
        counted = visible.where(by_country)
        for country, n in session.execute(counted):
            seen[country] += n
    unseen = Counter(agencies[o].country for o in part.hidden.values())
    return sorted((CountryRow(c, seen[c], unseen[c]) for c in set(seen) | set(unseen)),
                  key=lambda row: (-(row.records + row.hidden), row.country))


def _records(session: Session, viewer_id: str, now: datetime, ids: Iterable[str]) -> list[Record]:
    visible = policy.record_filter(session, viewer_id, now)
    found: list[Record] = []
    for chunk in _chunks(sorted(ids)):
        found.extend(session.scalars(
            visible.select().where(Record.id.in_(chunk))
            .order_by(Record.created_at.desc(), Record.id.desc()).limit(MAX_RECORDS)))
    found.sort(key=lambda r: (r.created_at, r.id), reverse=True)
    return found[:MAX_RECORDS]


def campaign(session: Session, viewer_id: str, wanted: str, now: datetime, *,
             limit: int = DEFAULT_LIMIT) -> CampaignView:
    """One campaign as the viewer sees it; NotFound when it sees none of its records (or
    there is no such campaign: the two look alike)."""
    graph = campaign_graph.current(session, limit=limit)
    anchor = graph.by_anchor.get(wanted)
    component = graph.component(anchor) if anchor else None
    if component is None:
        raise NotFound("No such campaign.")
    hidden = _hidden(session, viewer_id, now, component.records)
    part = next((p for p in _parts(component, hidden) if p.id == wanted), None)
    if part is None:
        raise NotFound("No such campaign.")
    agencies = _agencies(session, part.hidden.values())
    summary = _summary(part, agencies)
    records = _records(session, viewer_id, now, part.visible)
    return CampaignView(summary.id, summary.visible, summary.hidden, summary.holders,
                        summary.values, records=records,
                        shared=_visible_values(part)[:MAX_VALUES],
                        countries=_countries(session, viewer_id, now, part, agencies))

