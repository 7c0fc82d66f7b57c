"""Which records hold a value, as far as a viewer may see, and what new observables match.

A value is looked up under every key it correlates on: itself, the values it implies (a
URL's host and registrable domain), and for addresses and networks, the networks holding the
address or the addresses inside the network. Holders are counted up to the node's limit
first: a value held by more records than that is over-correlating and links nothing.
Visibility comes from the policy's filter; nothing here decides it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import ColumnElement, Select, bindparam, func, or_, select, union
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased

from liaison import policy, warninglists
from liaison.correlation import keys
from liaison.correlation.keys import Col, KeyCol
from liaison.correlation.models import ObservableLink
from liaison.errors import Invalid
from liaison.intel.models import Observable, Record
from liaison.observables import InvalidObservable, ObservableType, normalise
from liaison.warninglists import Listing

CIDR = ObservableType.CIDR.value
DEFAULT_LIMIT = 1000


@dataclass(frozen=True)
class Key:
    type: str
    value: str
    via: str  # what the key is to the value looked up: value | link | network | address


@dataclass
class Lookup:
    type: str
    value: str
    keys: list[Key]
    holders: int  # distinct records holding the value itself, counted up to limit + 1
    over_correlating: bool
    records: list[Record] = field(default_factory=list)  # visible holders, newest first
    # why the value (or some implied value) does not correlate: (key, listings) pairs
    warninglisted: list[tuple[Key, tuple[Listing, ...]]] = field(default_factory=list)

    @property
    def links_nothing(self) -> bool:
        return self.over_correlating or any(k.via == "value" for k, _ in self.warninglisted)


def lookup_keys(type_: str, value: str) -> list[Key]:
    found = [Key(type_, value, "value")]
    found += [Key(t.value, v, "link") for t, v in keys.links(type_, value)]
    found += [Key(CIDR, n, "network") for n in keys.containing_networks(type_, value)]
    return found


def holding(search: Sequence[Key], type_: str, value: str) -> Select[tuple[str]]:
    """Record ids holding any key, directly or through a derived link (one index each)."""
    pairs = [(k.type, k.value) for k in search]
    direct = select(Observable.record_id).where(
        keys.any_pair(Observable.value_key, Observable.type, Observable.value, pairs))
    linked = (
        select(Observable.record_id)
        .join(ObservableLink, ObservableLink.observable_id == Observable.id)
        .where(keys.any_pair(ObservableLink.value_key, ObservableLink.type, ObservableLink.value,
                        pairs))
    )
    parts = [direct, linked]
    if type_ == CIDR:
        low, high = keys.network_range(value)
        parts.append(select(Observable.record_id).where(
            Observable.address_key >= low, Observable.address_key <= high))
    return union(*parts).subquery().select()  # type: ignore[return-value]


def holders(session: Session, type_: str, value: str, *, limit: int) -> int:
    """Distinct records holding exactly this value, counted no further than limit + 1."""
    capped = (select(Observable.record_id)
              .where(Observable.value_key == keys.value_key(type_, value),
                     Observable.type == type_, Observable.value == value)
              .distinct().limit(limit + 1).subquery())
    return int(session.execute(select(func.count()).select_from(capped)).scalar_one())


def lookup(session: Session, viewer_id: str, now: datetime, type_: str, raw: str, *,
           limit: int = DEFAULT_LIMIT, page: int = 50) -> Lookup:
    try:
        value = normalise(type_, raw)
    except InvalidObservable as exc:
        raise Invalid.field("value", str(exc)) from None
    listed = warninglists.current()
    every = lookup_keys(type_, value)
    flagged = [(k, found) for k in every if (found := listed.check(k.type, k.value))]
    search = [k for k in every if not any(k is f for f, _ in flagged)]
    held = holders(session, type_, value, limit=limit)
    result = Lookup(type_, value, every, min(held, limit + 1), held > limit,
                    warninglisted=flagged)
    if result.links_nothing or not search:
        return result
    visible = policy.record_filter(session, viewer_id, now)
    held_by = holding(search, type_, value)
    result.records = list(session.scalars(
        visible.select().where(Record.id.in_(held_by))
        .order_by(Record.created_at.desc(), Record.id.desc()).limit(page)))
    return result


def related(session: Session, viewer_id: str, now: datetime, record_id: str, *,
            limit: int = DEFAULT_LIMIT) -> list[tuple[Observable, Lookup]]:
    """For each observable of a record the viewer may see: the other visible records
    sharing it (over-correlating values flagged, not followed)."""
    record, _ = policy.get_visible_record(session, viewer_id, record_id, now)
    out = []
    for observable in record.observables:
        found = lookup(session, viewer_id, now, observable.type, observable.value, limit=limit)
        found.records = [r for r in found.records if r.id != record.id]
        out.append((observable, found))
    return out


def _held_elsewhere(key: KeyCol, type_: Col, value: Col,
                    record_id: Col) -> ColumnElement[bool]:
    """Another record holds this key, as a value of its own or as a derived link."""
    old = aliased(Observable, name="old")
    other, held = aliased(ObservableLink, name="other"), aliased(Observable, name="held")
    # correlate_except: the key's columns may come from a query two levels up, which
    # SQLAlchemy would otherwise add to this subquery's FROM instead of correlating
    as_value = (select(old.id)
                .where(old.value_key == key, old.type == type_, old.value == value,
                       old.record_id != record_id)
                .correlate_except(old)
                .exists())
    as_link = (select(other.observable_id)
               .join(held, held.id == other.observable_id)
               .where(other.value_key == key, other.type == type_, other.value == value,
                      held.record_id != record_id)
               .correlate_except(other, held)
               .exists())
    return or_(as_value, as_link)


@cache
def _matching_statement() -> Select[int]:
    """Ids of new observables held elsewhere, on their value or through a derived link."""
    new = aliased(Observable, name="new")
    link = aliased(ObservableLink, name="link")
    on_link = (select(link.observable_id)
               .where(link.observable_id == new.id,
                      _held_elsewhere(link.value_key, link.type, link.value, new.record_id))
               .exists())
    return select(new.id).where(
        new.id.between(bindparam("first_id"), bindparam("last_id")),
        or_(_held_elsewhere(new.value_key, new.type, new.value, new.record_id), on_link),
    )


def match_new(conn: Connection, first_id: int, last_id: int) -> set[int]:
    """The observables with ids in [first_id, last_id] that correlate with another record,
    on their value or a value they imply: index probes per observable, whatever the size of
    the store. (Callers drop the warninglisted ones.)"""
    return set(conn.execute(_matching_statement(),
                            {"first_id": first_id, "last_id": last_id}).scalars())
