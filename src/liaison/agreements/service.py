"""Agreements: who may share with whom, under which law, within which scope."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liaison import audit, policy
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.agencies.models import Agency
from liaison.agreements.models import Agreement, agreement_members
from liaison.agreements.schemas import AgreementCreate, AgreementRead
from liaison.audit.service import SYSTEM
from liaison.errors import Conflict, Invalid, NotFound, NotPermitted
from liaison.vocab import (
    TLP,
    AgreementStatus,
    categories_to_mask,
    mask_to_categories,
    mask_to_purposes,
    purposes_to_mask,
)


def _may_manage(by: Principal | None, member_ids: set[str]) -> None:
    if by is None or by.node_admin:
        return
    by.require(Permission.AGREEMENT_MANAGE)
    if by.agency_id not in member_ids:
        raise NotPermitted("You may manage only agreements your agency is party to.")


def create_agreement(session: Session, data: AgreementCreate, now: datetime,
                     by: Principal | None = None) -> Agreement:
    _may_manage(by, set(data.member_ids))
    members = list(session.scalars(select(Agency).where(Agency.id.in_(data.member_ids))))
    unknown = set(data.member_ids) - {m.id for m in members}
    if unknown:
        raise Invalid.field("member_ids", f"no such agency: {', '.join(sorted(unknown))}")
    if session.scalar(select(Agreement.id).where(Agreement.name == data.name)):
        raise Conflict(f"An agreement named {data.name!r} exists already.")
    agreement = Agreement(
        name=data.name, kind=data.kind.value, legal_basis=data.legal_basis,
        legal_reference=data.legal_reference, valid_from=data.valid_from,
        valid_until=data.valid_until, status=AgreementStatus.ACTIVE.value,
        category_mask=categories_to_mask(data.categories),
        purpose_mask=purposes_to_mask(data.purposes), max_tlp=int(TLP.parse(data.max_tlp)),
        onward_transfer=data.onward_transfer, retention_days=data.retention_days,
        created_at=now, updated_at=now, members=members,
    )
    session.add(agreement)
    session.flush()
    audit.append(session, by.actor if by else SYSTEM, "agreement.create", "agreement",
                 agreement.id, now, name=agreement.name, members=sorted(data.member_ids),
                 categories=[c.value for c in data.categories],
                 purposes=[p.value for p in data.purposes], max_tlp=data.max_tlp)
    return agreement


def get_agreement(session: Session, agreement_id: str, by: Principal) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or not policy.agreement_visible(agreement, by.agency_id, by.node_admin):
        raise NotFound("No such agreement.")
    return agreement


def find_agreement(session: Session, ref: str) -> Agreement:
    agreement = session.scalars(
        select(Agreement).where((Agreement.id == ref) | (Agreement.name == ref))).first()
    if agreement is None:
        raise NotFound(f"No agreement {ref!r}.")
    return agreement


def list_agreements(session: Session, by: Principal, *, status: str | None = None,
                    member_id: str | None = None, limit: int = 100,
                    offset: int = 0) -> tuple[list[Agreement], int]:
    stmt = select(Agreement).where(policy.agreement_filter(by.agency_id, by.node_admin))
    if status:
        stmt = stmt.where(Agreement.status == status)
    if member_id:
        stmt = stmt.where(Agreement.id.in_(select(agreement_members.c.agreement_id).where(
            agreement_members.c.agency_id == member_id)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Agreement.name).limit(limit).offset(offset))
    return list(rows), total


def set_status(session: Session, agreement: Agreement, status: AgreementStatus, reason: str,
               now: datetime, by: Principal | None = None) -> Agreement:
    """Suspension takes effect at once on every path: the policy reads status per request."""
    _may_manage(by, {m.id for m in agreement.members})
    if agreement.status == status.value:
        raise Conflict(f"The agreement is already {status.value}.")
    previous = agreement.status
    agreement.status = status.value
    agreement.status_reason = reason
    agreement.updated_at = now
    session.flush()
    audit.append(session, by.actor if by else SYSTEM, f"agreement.{status.value}", "agreement",
                 agreement.id, now, previous=previous, reason=reason)
    return agreement


def read_model(agreement: Agreement, now: datetime) -> AgreementRead:
    return AgreementRead.model_validate({
        **{c: getattr(agreement, c) for c in (
            "id", "name", "kind", "legal_basis", "legal_reference", "valid_from", "valid_until",
            "status", "status_reason", "onward_transfer", "retention_days", "created_at",
            "updated_at")},
        "in_force": policy.in_force(agreement, now),
        "categories": mask_to_categories(agreement.category_mask),
        "purposes": mask_to_purposes(agreement.purpose_mask),
        "max_tlp": TLP(agreement.max_tlp).slug,
        "members": agreement.members,
    })
