"""Who sees a sighting: the agency that reported it, and the owners of records holding its value.

A record holds a value as one of its observables' own values or as a value an observable
implies (an `ObservableLink`: a URL's host and registrable domain, an e-mail's domain), so a
sighting of `domain evil.example` reaches the owner of a record holding
`url https://evil.example/x`. Owners see sightings of what they hold whatever their records'
markings: the sighting tells them nothing about anyone else's records.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, or_, select, union
from sqlalchemy.orm import Session

from liaison.correlation.keys import Col, KeyCol, any_pair
from liaison.correlation.models import ObservableLink, Sighting
from liaison.intel.models import Observable, Record


def held_by_agency(agency_id: str, key: KeyCol, type_: Col,
                   value: Col) -> ColumnElement[bool]:
    """A record the agency owns holds (type, value), on an observable or a derived link."""
    as_value = (select(Observable.id)
                .join(Record, Record.id == Observable.record_id)
                .where(Record.owner_id == agency_id, Observable.value_key == key,
                       Observable.type == type_, Observable.value == value)
                .correlate_except(Observable, Record)
                .exists())
    as_link = (select(ObservableLink.observable_id)
               .join(Observable, Observable.id == ObservableLink.observable_id)
               .join(Record, Record.id == Observable.record_id)
               .where(Record.owner_id == agency_id, ObservableLink.value_key == key,
                      ObservableLink.type == type_, ObservableLink.value == value)
               .correlate_except(ObservableLink, Observable, Record)
               .exists())
    return or_(as_value, as_link)


def sighting_filter(viewer_id: str, *, reported: bool = True) -> ColumnElement[bool]:
    """The sightings agency V may see: reported by V, or of a value a record V owns holds.
    With reported=False, only the latter (V's inbox of sightings of what it holds)."""
    held = held_by_agency(viewer_id, Sighting.value_key, Sighting.type, Sighting.value)
    return or_(Sighting.agency_id == viewer_id, held) if reported else held


def holding_records(session: Session, owner_id: str,
                    pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Record]]:
    """For each (type, value): the owner's own records holding it, newest first."""
    wanted = sorted(set(pairs))
    if not wanted:
        return {}
    found: dict[tuple[str, str], list[Record]] = {}
    for start in range(0, len(wanted), 200):
        chunk = wanted[start:start + 200]
        direct = (select(Observable.record_id.label("record_id"), Observable.type.label("type"),
                         Observable.value.label("value"))
                  .where(any_pair(Observable.value_key, Observable.type, Observable.value,
                                  chunk)))
        linked = (select(Observable.record_id.label("record_id"),
                         ObservableLink.type.label("type"), ObservableLink.value.label("value"))
                  .join(ObservableLink, ObservableLink.observable_id == Observable.id)
                  .where(any_pair(ObservableLink.value_key, ObservableLink.type,
                                  ObservableLink.value, chunk)))
        keyed = union(direct, linked).subquery()
        rows = session.execute(
            select(Record, keyed.c.type, keyed.c.value)
            .join(keyed, keyed.c.record_id == Record.id)
            .where(Record.owner_id == owner_id)
            .order_by(Record.created_at.desc(), Record.id.desc()))
        for record, type_, value in rows:
            held = found.setdefault((type_, value), [])
            if record not in held:
                held.append(record)
    return found
