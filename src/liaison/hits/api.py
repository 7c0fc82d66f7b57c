from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from liaison.api.deps import DB, Caller, Paging, paged
from liaison.hits import service
from liaison.hits.schemas import HitQuery, HitRead

router = APIRouter(prefix="/hits", tags=["hits"])


@router.get("")
def list_hits(caller: Caller, session: DB, page: Paging,
              query: Annotated[HitQuery, Query()]) -> dict[str, object]:
    """side=holder: the matches other agencies made against your records (covert ones
    included); side=seeker: the hits you were told of, with the agency to contact."""
    rows, total = service.listed(session, caller, side=query.side, limit=page.limit,
                                 offset=page.offset)
    names = service.agencies(session, sorted({r.seeker_id for r in rows}
                                             | {r.holder_id for r in rows}))
    return paged([HitRead(
        reference=r.reference, seeker_agency=names[r.seeker_id].name,
        holder_agency=names[r.holder_id].name, record_id=r.record_id, type=r.type,
        value=r.value, source=r.source, disclosed=r.disclosed, first_at=r.first_at,
        last_at=r.last_at, times=r.times) for r in rows], total, page)
