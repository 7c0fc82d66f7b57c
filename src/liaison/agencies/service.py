"""The directory of agencies on this node. Every signed-in user may read it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from liaison import audit
from liaison.accounts.principal import Principal
from liaison.agencies.models import Agency
from liaison.agencies.schemas import AgencyCreate, AgencyUpdate
from liaison.audit.service import SYSTEM
from liaison.errors import Conflict, NotFound


def create_agency(session: Session, data: AgencyCreate, now: datetime,
                  by: Principal | None = None) -> Agency:
    if by is not None:
        by.require_node_admin()
    clash = session.scalars(select(Agency).where(
        or_(Agency.name == data.name, Agency.short_name == data.short_name))).first()
    if clash is not None:
        raise Conflict(f"An agency named {clash.name!r} ({clash.short_name}) exists already.")
    agency = Agency(name=data.name, short_name=data.short_name, country=data.country,
                    kind=data.kind.value, timezone=data.timezone,
                    is_contact_point=data.contact_point, created_at=now)
    session.add(agency)
    session.flush()
    audit.append(session, by.actor if by else SYSTEM, "agency.create", "agency", agency.id, now,
                 name=agency.name, country=agency.country, kind=agency.kind)
    return agency


def update_agency(session: Session, agency_id: str, data: AgencyUpdate, now: datetime,
                  by: Principal) -> Agency:
    by.require_node_admin()
    agency = get_agency(session, agency_id)
    changes = data.model_dump(exclude_unset=True)
    if data.name is not None:
        agency.name = data.name
    if data.timezone is not None:
        agency.timezone = data.timezone
    if data.contact_point is not None:
        agency.is_contact_point = data.contact_point
    session.flush()
    audit.append(session, by.actor, "agency.update", "agency", agency.id, now, **changes)
    return agency


def get_agency(session: Session, agency_id: str) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("No such agency.")
    return agency


def find_agency(session: Session, ref: str) -> Agency:
    """By id, short name or exact name (what the CLI accepts)."""
    agency = session.scalars(select(Agency).where(
        or_(Agency.id == ref, Agency.short_name == ref, Agency.name == ref))).first()
    if agency is None:
        raise NotFound(f"No agency {ref!r}.")
    return agency


def list_agencies(session: Session, *, country: str | None = None, kind: str | None = None,
                  limit: int = 100, offset: int = 0) -> tuple[list[Agency], int]:
    stmt = select(Agency)
    if country:
        stmt = stmt.where(Agency.country == country.upper())
    if kind:
        stmt = stmt.where(Agency.kind == kind)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Agency.country, Agency.name).limit(limit).offset(offset))
    return list(rows), total
