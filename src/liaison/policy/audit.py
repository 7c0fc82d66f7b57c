"""Who reads which audit entries: the node's administrators all; an agency's supervisors and
admins their agency's; everyone else their own."""

from __future__ import annotations

from sqlalchemy import ColumnElement, true

from liaison.audit.models import AuditEntry


def audit_filter(user_id: str, agency_id: str, node_admin: bool,
                 reads_agency: bool) -> ColumnElement[bool]:
    if node_admin:
        return true()
    if reads_agency:
        return AuditEntry.actor_agency_id == agency_id
    return AuditEntry.actor_user_id == user_id
