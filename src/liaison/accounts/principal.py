"""The authenticated caller as services see it."""

from __future__ import annotations

from dataclasses import dataclass, field

from liaison.accounts.models import User
from liaison.accounts.permissions import Permission, permissions_for
from liaison.audit.service import Actor
from liaison.errors import NotPermitted


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    display_name: str
    agency_id: str
    agency_name: str
    roles: tuple[str, ...]
    node_admin: bool = False
    permissions: frozenset[Permission] = field(default_factory=frozenset)

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(
            user_id=user.id, username=user.username, display_name=user.display_name,
            agency_id=user.agency_id, agency_name=user.agency.name, roles=tuple(user.roles),
            node_admin=user.is_node_admin, permissions=permissions_for(list(user.roles)),
        )

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, self.agency_id)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise NotPermitted(f"Your roles do not allow {permission.value}.")

    def require_node_admin(self) -> None:
        if not self.node_admin:
            raise NotPermitted("Only the node's administrators may do this.")
