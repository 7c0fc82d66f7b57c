from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from liaison.api.deps import DB, Caller, Now, Paging, paged
from liaison.correlation import sightings as service
from liaison.correlation.schemas import SightingCreate, SightingQuery, SightingRead
from liaison.errors import Invalid

router = APIRouter(prefix="/sightings", tags=["sightings"])


@router.post("", response_model=SightingRead, status_code=201)
def report(body: SightingCreate, caller: Caller, session: DB, now: Now) -> SightingRead:
    """Report that your agency saw a value (normalised first; defanged input accepted)."""
    sighting = service.report_sighting(session, body, now, caller)
    return service.read_model(service.view_of(session, sighting, caller))


@router.get("")
def list_sightings(caller: Caller, session: DB, page: Paging,
                   query: Annotated[SightingQuery, Query()]) -> dict[str, object]:
    """With type and value: that value's sightings your agency may see. Without: your inbox,
    the sightings of values your agency's records hold, newest first."""
    if (query.type is None) != (query.value is None):
        missing = "value" if query.value is None else "type"
        raise Invalid.field(missing, "give both type and value, or neither")
    if query.type is not None and query.value is not None:
        views, total = service.sightings_for_value(session, caller, query.type.value,
                                                   query.value, limit=page.limit,
                                                   offset=page.offset)
    else:
        views, total = service.sightings_of_my_records(session, caller, page.limit, page.offset)
    return paged([service.read_model(v) for v in views], total, page)
