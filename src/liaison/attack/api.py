"""REST adapter of the ATT&CK reference knowledge (read by any signed-in caller)."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from liaison.api.deps import DB, Caller, Paging, paged
from liaison.attack import service
from liaison.attack.models import AttackObject

router = APIRouter(prefix="/attack", tags=["attack"])
Kind = Literal["technique", "tactic", "software", "group", "campaign", "mitigation"]
Domain = Literal["enterprise-attack", "mobile-attack", "ics-attack"]


def summary(o: AttackObject) -> dict[str, object]:
    return {"attack_id": o.attack_id, "stix_id": o.stix_id, "type": o.type,
            "kind": service.KINDS.get(o.type), "name": o.name, "domains": o.domains,
            "url": o.url, "revoked": o.revoked, "deprecated": o.deprecated,
            "modified": o.modified}


@router.get("")
def list_objects(caller: Caller, session: DB, page: Paging,
                 q: Annotated[str | None, Query(max_length=200)] = None,
                 kind: Kind | None = None, domain: Domain | None = None,
                 include_revoked: bool = False) -> dict[str, object]:
    """ATT&CK techniques, tactics, software, groups, campaigns and mitigations by ATT&CK id
    (exact) or name (words)."""
    del caller  # reference knowledge: any signed-in caller reads all of it
    rows, total = service.search(session, q=q, kind=kind, domain=domain,
                                 include_revoked=include_revoked, limit=page.limit,
                                 offset=page.offset)
    return paged([summary(o) for o in rows], total, page)


@router.get("/{attack_id}")
def get_object(attack_id: str, caller: Caller, session: DB) -> dict[str, object]:
    """One object by ATT&CK id (T1566) or STIX id, with its description and STIX 2.1 form."""
    del caller
    found = service.get(session, attack_id)
    return {**summary(found), "description": found.description, "stix": json.loads(found.stix)}
