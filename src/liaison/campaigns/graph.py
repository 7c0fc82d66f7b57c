"""Campaigns as connected components of the records—values graph, computed on demand.

A value links records when it is an observable's canonical (type, value) or a value one
implies (a URL's host and registrable domain: `ObservableLink`), or a network held as an
observable that contains an address another record holds. A value links nothing when it
is on a warninglist or held by more records than the over-correlation limit (it would tie
everything together), exactly as in correlation lookups.

The shared values come from one set-based statement (GROUP BY value HAVING 2..limit
distinct records, then the holders of those values), and the components from a union-find
in Python over those pairs. Nothing here looks at who may see what: this is the node-wide
graph; each viewer's view of it is `service`'s, through the policy.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select, union, union_all
from sqlalchemy.orm import Session, aliased

from liaison import warninglists
from liaison.correlation import keys
from liaison.correlation.models import ObservableLink
from liaison.correlation.service import DEFAULT_LIMIT
from liaison.intel.models import Observable
from liaison.observables import ObservableType

CIDR = ObservableType.CIDR.value
Key = tuple[str, str]  # (type, canonical value)


def campaign_id(record_id: str) -> str:
    """A campaign's stable id, from its smallest record id; it does not reveal that id."""
    digest = hashlib.blake2b(record_id.encode(), digest_size=8, person=b"liaison-campaign")
    return f"cmp-{digest.hexdigest()}"


@dataclass(frozen=True)
class Component:
    """Records linked through shared values, and which of them hold each value."""

    id: str
    records: tuple[str, ...]  # sorted; records[0] gives the id
    holders: Mapping[Key, frozenset[str]]  # each linking value -> its holders here
    # networks: the holders of the network itself (the others hold an address inside it;
    # the network is their link, not their value)
    networks: Mapping[Key, frozenset[str]] = field(default_factory=dict)


@dataclass
class Graph:
    components: list[Component]  # largest first, then by id
    of_record: dict[str, Component] = field(default_factory=dict)
    by_anchor: dict[str, str] = field(default_factory=dict)  # campaign_id(r) -> r

    def component(self, record_id: str) -> Component | None:
        return self.of_record.get(record_id)


def _pairs_statement(limit: int) -> Select[str, str, str]:
    """(type, value, record id) for every value that may be held by 2..limit records, on
    observables' own values and on the values they imply.

    Candidates first, each from an index: values held by 2..limit records themselves,
    implied values implied twice or more, and implied values some record holds itself;
    then their holders (one index seek each). Callers count holders exactly: an implied
    value may take a candidate past the limit, or be implied twice by the same record.
    """
    link = aliased(ObservableLink, name="link")
    other = aliased(Observable, name="other")
    # each candidate from an index alone, on the hashed keys (a record holds a value once,
    # so counting index entries counts holders; collisions are sorted out by the callers)
    candidates = union(
        select(Observable.value_key)
        .group_by(Observable.value_key)
        .having(func.count().between(2, limit)),
        select(link.value_key)
        .group_by(link.value_key)
        .having(func.count() >= 2),
        select(link.value_key)
        .where(select(other.id).where(other.value_key == link.value_key).exists()),
    ).cte("candidates")
    key = candidates.c
    own = (select(Observable.type, Observable.value, Observable.record_id)
           .select_from(candidates)
           .join(Observable, Observable.value_key == key.value_key)
           .where(Observable.type != CIDR))
    implied = (select(ObservableLink.type, ObservableLink.value, Observable.record_id)
               .select_from(candidates)
               .join(ObservableLink, ObservableLink.value_key == key.value_key)
               .join(Observable, Observable.id == ObservableLink.observable_id))
    return union_all(own, implied)  # type: ignore[return-value]


def _network_holders(session: Session,
                     limit: int) -> tuple[dict[Key, set[str]], dict[Key, set[str]]]:
    """Networks held as observables -> the records holding them or an address inside them
    (one index range per distinct network; networks are few next to addresses), and ->
    the records holding the network itself."""
    held: dict[str, set[str]] = defaultdict(set)
    for value, record_id in session.execute(
            select(Observable.value, Observable.record_id).where(Observable.type == CIDR)):
        held[value].add(record_id)
    out: dict[Key, set[str]] = {}
    for network, holders in held.items():
        low, high = keys.network_range(network)
        inside = session.scalars(
            select(Observable.record_id)
            .where(Observable.address_key >= low, Observable.address_key <= high)
            .distinct().limit(limit + 1))
        out[(CIDR, network)] = holders | set(inside)
    return out, {(CIDR, network): holders for network, holders in held.items()}


def shared_values(session: Session, *, limit: int = DEFAULT_LIMIT
                  ) -> tuple[dict[Key, set[str]], dict[Key, set[str]]]:
    """Every value that links records (held by 2..limit records, not warninglisted) with its
    holders; and for networks, the records holding the network itself."""
    holders: dict[Key, set[str]] = defaultdict(set)
    for type_, value, record_id in session.execute(_pairs_statement(limit)):
        holders[(type_, value)].add(record_id)
    by_network, networks = _network_holders(session, limit)
    holders.update(by_network)
    listed = warninglists.current()
    linking = {key: records for key, records in holders.items()
               if 2 <= len(records) <= limit and not listed.is_listed(*key)}
    return linking, {key: networks[key] for key in linking if key in networks}


def components_of(holders: Mapping[Key, Iterable[str]]) -> list[set[str]]:
    """Connected components (of two records or more) of the records—values graph."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while (up := parent[root]) != root:
            root = up
        while (up := parent[x]) != root:  # path compression
            parent[x], x = root, up
        return root

    for records in holders.values():
        first: str | None = None
        for record_id in records:
            parent.setdefault(record_id, record_id)
            if first is None:
                first = find(record_id)
                continue
            root = find(record_id)
            if root != first:
                parent[root] = first
    groups: dict[str, set[str]] = defaultdict(set)
    for record_id in parent:
        groups[find(record_id)].add(record_id)
    return [g for g in groups.values() if len(g) >= 2]


def build(session: Session, *, limit: int = DEFAULT_LIMIT) -> Graph:
    holders, networks = shared_values(session, limit=limit)
    parts = components_of(holders)
    where: dict[str, int] = {r: i for i, part in enumerate(parts) for r in part}
    by_part: list[dict[Key, frozenset[str]]] = [{} for _ in parts]
    for key, records in holders.items():
        by_part[where[next(iter(records))]][key] = frozenset(records)
    made = []
    for part, linking in zip(parts, by_part, strict=True):
        ordered = tuple(sorted(part))
        made.append(Component(campaign_id(ordered[0]), ordered, linking,
                              {k: frozenset(networks[k]) for k in linking if k in networks}))
    made.sort(key=lambda c: (-len(c.records), c.id))
    graph = Graph(made)
    for component in made:
        for record_id in component.records:
            graph.of_record[record_id] = component
            graph.by_anchor[campaign_id(record_id)] = record_id
    return graph


# The graph depends on every observable on the node; rebuilding it for each request of a
# busy console is wasteful, so the last one is kept while the observables are unchanged.
# Their count, highest id and id sum change with every insert and delete (the ORM inserts
# a record's new observables before deleting its old ones, so ids move on); the records
# holding the lowest and highest ids (UUIDs, never reused) tell apart databases that were
# emptied and refilled to the same ids, and transactions rolled back and redone.
_cache_lock = threading.Lock()
_cached: tuple[tuple[object, ...], Graph] | None = None


def _signature(session: Session, limit: int) -> tuple[object, ...]:
    count, lowest, highest, total = session.execute(select(
        func.count(Observable.id), func.min(Observable.id), func.max(Observable.id),
        func.sum(Observable.id))).one()
    ends = dict(session.execute(select(Observable.id, Observable.record_id)
                                .where(Observable.id.in_([lowest or 0, highest or 0]))).all())
    return (str(session.get_bind().engine.url), count, highest, total, ends.get(lowest),
            ends.get(highest), limit, id(warninglists.current()))


def current(session: Session, *, limit: int = DEFAULT_LIMIT) -> Graph:
    """The node's campaign graph now (as this session sees the database)."""
    global _cached
    signature = _signature(session, limit)  # flushes pending changes first
    with _cache_lock:
        if _cached is not None and _cached[0] == signature:
            return _cached[1]
    graph = build(session, limit=limit)
    with _cache_lock:
        _cached = (signature, graph)
    return graph
