from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from liaison.api.deps import DB, Caller, Now, Paging, paged
from liaison.intel import service
from liaison.intel.schemas import RecordCreate, RecordQuery, RecordRead, RecordUpdate

router = APIRouter(prefix="/records", tags=["records"])
Filters = Annotated[RecordQuery, Query()]


@router.get("")
def list_records(caller: Caller, session: DB, now: Now, page: Paging,
                 filters: Filters) -> dict[str, object]:
    """Records the caller's agency may see, newest first, with the caller's filters."""
    rows, total = service.search_records(session, filters, now, caller, limit=page.limit,
                                         offset=page.offset)
    return paged([service.summary_model(r) for r in rows], total, page)


@router.get("/count")
def count_records(caller: Caller, session: DB, now: Now, filters: Filters) -> dict[str, int]:
    return {"count": service.count_records(session, filters, now, caller)}


@router.get("/export")
def export_records(caller: Caller, session: DB, now: Now, filters: Filters) -> dict[str, object]:
    """Every matching visible record in full (up to 10,000); the export is audited."""
    items = service.export_records(session, filters, now, caller)
    return {"exported_at": now, "count": len(items), "records": items}


@router.post("", response_model=RecordRead, status_code=201)
def create_record(body: RecordCreate, caller: Caller, session: DB, now: Now) -> RecordRead:
    record = service.create_record(session, body, now, caller)
    record, decision = service.get_record(session, record.id, now, caller)
    return service.read_model(record, decision)


@router.get("/{record_id}", response_model=RecordRead)
def get_record(record_id: str, caller: Caller, session: DB, now: Now) -> RecordRead:
    record, decision = service.get_record(session, record_id, now, caller)
    return service.read_model(record, decision)


@router.patch("/{record_id}", response_model=RecordRead)
def update_record(record_id: str, body: RecordUpdate, caller: Caller, session: DB,
                  now: Now) -> RecordRead:
    service.update_record(session, record_id, body, now, caller)
    record, decision = service.get_record(session, record_id, now, caller)
    return service.read_model(record, decision)
