"""Sightings: an agency reports that it saw a value (when, where, how often).

The reporting agency sees its sightings; the owners of records holding the value (on an
observable or a value one implies) see them too, with which of their records hold it. Who
sees what is the policy's (`policy.sighting_filter`); nothing here decides it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from liaison import audit, policy
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.agencies.models import Agency
from liaison.clock import as_utc
from liaison.correlation import keys
from liaison.correlation.models import Sighting
from liaison.correlation.schemas import AgencyRef, HoldingRecord, SightingCreate, SightingRead
from liaison.errors import Invalid
from liaison.intel.models import Record
from liaison.observables import InvalidObservable, ObservableType, normalise

MAX_VALUE = 2048  # the column's width


@dataclass
class SightingView:
    """A sighting as one viewer sees it: who reported it, and the viewer's records holding it."""

    sighting: Sighting
    agency: Agency
    held_by: list[Record] = field(default_factory=list)


def canonical(type_: str, raw: str) -> str:
    if type_ not in set(ObservableType):
        raise Invalid.field("type", f"unknown observable type {type_!r}")
    try:
        value = normalise(type_, raw)
    except InvalidObservable as exc:
        raise Invalid.field("value", str(exc)) from None
    if len(value) > MAX_VALUE:
        raise Invalid.field("value", f"at most {MAX_VALUE} characters once normalised")
    return value


def report_sighting(session: Session, data: SightingCreate, now: datetime,
                    by: Principal) -> Sighting:
    by.require(Permission.RECORD_CREATE)
    value = canonical(data.type.value, data.value)
    first, last = as_utc(data.first_seen), as_utc(data.last_seen)
    if first > last:
        raise Invalid.field("first_seen", "must not be after last_seen")
    if last > as_utc(now):
        raise Invalid.field("last_seen", "must not be in the future")
    sighting = Sighting(
        agency_id=by.agency_id, reported_by=by.user_id, type=data.type.value, value=value,
        first_seen=first, last_seen=last, count=data.count, country=data.country,
        source=data.source, created_at=now,
    )
    session.add(sighting)
    session.flush()
    audit.append(session, by.actor, "sighting.report", "sighting", str(sighting.id), now,
                 type=sighting.type, value=sighting.value, count=sighting.count,
                 country=sighting.country)
    return sighting


def _page(session: Session, where: ColumnElement[bool], viewer: Principal, limit: int,
          offset: int) -> tuple[list[SightingView], int]:
    total = int(session.execute(
        select(func.count()).select_from(Sighting).where(where)).scalar_one())
    rows = list(session.scalars(
        select(Sighting).where(where)
        .order_by(Sighting.created_at.desc(), Sighting.id.desc())
        .limit(limit).offset(offset)))
    return _views(session, rows, viewer), total


def view_of(session: Session, sighting: Sighting, viewer: Principal) -> SightingView:
    return _views(session, [sighting], viewer)[0]


def _views(session: Session, rows: list[Sighting], viewer: Principal) -> list[SightingView]:
    agencies = {a.id: a for a in session.scalars(
        select(Agency).where(Agency.id.in_({s.agency_id for s in rows})))}
    held = policy.holding_records(session, viewer.agency_id, {(s.type, s.value) for s in rows})
    return [SightingView(s, agencies[s.agency_id], held.get((s.type, s.value), []))
            for s in rows]


def sightings_for_value(session: Session, viewer: Principal, type_: str, raw: str, *,
                        limit: int = 50, offset: int = 0) -> tuple[list[SightingView], int]:
    """The sightings of one value (normalised first) the viewer's agency may see."""
    value = canonical(type_, raw)
    where = (policy.sighting_filter(viewer.agency_id)
             & (Sighting.value_key == keys.value_key(type_, value))
             & (Sighting.type == type_) & (Sighting.value == value))
    return _page(session, where, viewer, limit, offset)


def sightings_of_my_records(session: Session, viewer: Principal, limit: int = 50,
                            offset: int = 0) -> tuple[list[SightingView], int]:
    """The inbox: sightings of values the viewer's agency's records hold, newest first."""
    return _page(session, policy.sighting_filter(viewer.agency_id, reported=False), viewer,
                 limit, offset)


def sightings_reported_by_me(session: Session, viewer: Principal, limit: int = 50,
                             offset: int = 0) -> tuple[list[SightingView], int]:
    """What the viewer's agency reported, newest first."""
    where = policy.sighting_filter(viewer.agency_id) & (Sighting.agency_id == viewer.agency_id)
    return _page(session, where, viewer, limit, offset)


def read_model(view: SightingView) -> SightingRead:
    s, a = view.sighting, view.agency
    return SightingRead(
        id=s.id, type=s.type, value=s.value, first_seen=as_utc(s.first_seen),
        last_seen=as_utc(s.last_seen), count=s.count, country=s.country, source=s.source,
        created_at=as_utc(s.created_at),
        agency=AgencyRef(id=a.id, name=a.name, short_name=a.short_name, country=a.country),
        held_by=[HoldingRecord(id=r.id, title=r.title) for r in view.held_by],
    )
