"""REST adapter of the STIX export."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from liaison.api.deps import DB, Caller, Now
from liaison.intel.schemas import RecordQuery
from liaison.stix import service
from liaison.stix.export import MEDIA_TYPE
from liaison.stix.schemas import StixImport

router = APIRouter(prefix="/stix", tags=["stix"])
Filters = Annotated[RecordQuery, Query()]
Limit = Annotated[int, Query(ge=1, le=service.MAX_RECORDS)]


@router.get("/bundle", response_class=Response,
            responses={200: {"content": {MEDIA_TYPE: {}}, "description": "a STIX 2.1 bundle"}})
def export_bundle(caller: Caller, session: DB, now: Now, filters: Filters,
                  limit: Limit = service.MAX_RECORDS) -> Response:
    """The records the caller's agency may see (with the records list's filters) as a
    STIX 2.1 bundle; audited."""
    made = service.export_bundle(session, filters, now, caller, limit=limit)
    return Response(json.dumps(made, ensure_ascii=False), media_type=MEDIA_TYPE)


@router.post("/import", status_code=201)
def import_bundle(body: StixImport, caller: Caller, session: DB, now: Now) -> dict[str, object]:
    """A STIX 2.1 bundle into records of the caller's agency: each report a record, the
    indicators, observed-data and cyber-observables it references its observables (loose
    ones make one more record). Types with no place in a record are counted, not stored."""
    return service.import_bundle(session, body, now, caller).to_json()
