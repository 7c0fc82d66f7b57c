from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from liaison.agencies import service
from liaison.agencies.schemas import AgencyCreate, AgencyRead, AgencyUpdate
from liaison.api.deps import DB, Caller, Now, Paging, paged
from liaison.vocab import AgencyKind

router = APIRouter(prefix="/agencies", tags=["agencies"])


@router.get("")
def list_agencies(
    _: Caller, session: DB, page: Paging,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    kind: AgencyKind | None = None,
) -> dict[str, object]:
    rows, total = service.list_agencies(session, country=country,
                                        kind=kind.value if kind else None,
                                        limit=page.limit, offset=page.offset)
    return paged([AgencyRead.model_validate(a) for a in rows], total, page)


@router.post("", response_model=AgencyRead, status_code=201)
def create_agency(body: AgencyCreate, caller: Caller, session: DB, now: Now) -> AgencyRead:
    return AgencyRead.model_validate(service.create_agency(session, body, now, by=caller))


@router.get("/{agency_id}", response_model=AgencyRead)
def get_agency(agency_id: str, _: Caller, session: DB) -> AgencyRead:
    return AgencyRead.model_validate(service.get_agency(session, agency_id))


@router.patch("/{agency_id}", response_model=AgencyRead)
def update_agency(agency_id: str, body: AgencyUpdate, caller: Caller, session: DB,
                  now: Now) -> AgencyRead:
    return AgencyRead.model_validate(service.update_agency(session, agency_id, body, now, caller))
