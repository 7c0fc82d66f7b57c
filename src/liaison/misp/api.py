"""REST adapter of the MISP export and import."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from liaison.api.deps import DB, Caller, Now
from liaison.intel.schemas import RecordQuery
from liaison.misp import service
from liaison.misp.schemas import MispImport

router = APIRouter(prefix="/misp", tags=["misp"])
Filters = Annotated[RecordQuery, Query()]
Limit = Annotated[int, Query(ge=1, le=service.MAX_RECORDS)]


@router.get("/events")
def export_events(caller: Caller, session: DB, now: Now, filters: Filters,
                  limit: Limit = service.MAX_RECORDS) -> dict[str, object]:
    """The records the caller's agency may see as MISP events (`{"response": [{"Event":
    …}]}`, as MISP's search answers); audited."""
    return {"response": service.export_events(session, filters, now, caller, limit=limit)}


@router.post("/import", status_code=201)
def import_events(body: MispImport, caller: Caller, session: DB, now: Now) -> dict[str, object]:
    """MISP events into records of the caller's agency: attributes and object attributes
    that carry an indicator become observables; tlp:* tags the TLP; distribution levels 0-3
    Liaison's distribution. Types with no Liaison counterpart are counted, not stored."""
    return service.import_events(session, body, now, caller).to_json()
