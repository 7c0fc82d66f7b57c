"""What each role may do. Visibility of data is not here: that is the policy package's."""

from __future__ import annotations

from enum import StrEnum

from liaison.vocab import Role


class Permission(StrEnum):
    RECORD_CREATE = "record.create"
    RECORD_EDIT_OWN_AGENCY = "record.edit_own_agency"
    AGREEMENT_MANAGE = "agreement.manage"
    USER_MANAGE = "user.manage"
    AUDIT_READ_AGENCY = "audit.read_agency"
    LOOKUP_RUN = "lookup.run"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: frozenset({Permission.RECORD_CREATE, Permission.LOOKUP_RUN}),
    Role.INVESTIGATOR: frozenset({Permission.RECORD_CREATE, Permission.LOOKUP_RUN}),
    Role.LEGAL_OFFICER: frozenset({Permission.RECORD_CREATE, Permission.AGREEMENT_MANAGE}),
    Role.SUPERVISOR: frozenset({
        Permission.RECORD_CREATE, Permission.RECORD_EDIT_OWN_AGENCY,
        Permission.AGREEMENT_MANAGE, Permission.AUDIT_READ_AGENCY, Permission.LOOKUP_RUN,
    }),
    Role.ADMIN: frozenset({
        Permission.RECORD_EDIT_OWN_AGENCY, Permission.AGREEMENT_MANAGE,
        Permission.USER_MANAGE, Permission.AUDIT_READ_AGENCY,
    }),
}


def permissions_for(roles: list[str]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(Role(role), frozenset())
    return frozenset(granted)
