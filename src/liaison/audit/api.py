from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from liaison import policy
from liaison.accounts.permissions import Permission
from liaison.api.deps import DB, Caller, Paging, paged
from liaison.audit import service

router = APIRouter(prefix="/audit", tags=["audit"])


class EntryRead(BaseModel):
    seq: int
    at: str
    actor_user_id: str | None
    actor_agency_id: str | None
    action: str
    object_type: str
    object_id: str | None
    details: str
    hash: str


@router.get("")
def list_entries(caller: Caller, session: DB, page: Paging) -> dict[str, object]:
    where = policy.audit_filter(caller.user_id, caller.agency_id, caller.node_admin,
                                caller.can(Permission.AUDIT_READ_AGENCY))
    rows, total = service.entries(session, where, limit=page.limit, offset=page.offset)
    items = [EntryRead(seq=e.seq, at=e.at.isoformat(), actor_user_id=e.actor_user_id,
                       actor_agency_id=e.actor_agency_id, action=e.action,
                       object_type=e.object_type, object_id=e.object_id, details=e.details,
                       hash=e.hash) for e in rows]
    return paged(list(items), total, page)


@router.get("/verify")
def verify(caller: Caller, session: DB) -> dict[str, object]:
    caller.require_node_admin()
    result = service.verify(session)
    return {"ok": result.ok, "entries": result.entries, "first_bad_seq": result.first_bad_seq,
            "problem": result.problem}
