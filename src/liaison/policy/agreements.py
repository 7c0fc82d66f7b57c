"""Who sees which agreement: its members, and the node's administrators."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, true

from liaison.agreements.models import Agreement, agreement_members


def agreement_visible(agreement: Agreement, agency_id: str, node_admin: bool) -> bool:
    return node_admin or agency_id in {m.id for m in agreement.members}


def agreement_filter(agency_id: str, node_admin: bool) -> ColumnElement[bool]:
    if node_admin:
        return true()
    return Agreement.id.in_(
        select(agreement_members.c.agreement_id).where(agreement_members.c.agency_id == agency_id)
    )
