from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from liaison.api.deps import DB, Caller, Now
from liaison.correlation import service
from liaison.correlation.schemas import (
    HitNotice,
    KeyRead,
    ListingRead,
    LookupQuery,
    LookupRead,
    RelatedRead,
)
from liaison.hits import service as hits
from liaison.intel.service import summary_model

router = APIRouter(tags=["correlation"])


def _key(k: service.Key) -> KeyRead:
    return KeyRead(type=k.type, value=k.value, via=k.via)


def _read(found: service.Lookup) -> LookupRead:
    return LookupRead(
        type=found.type, value=found.value, over_correlating=found.over_correlating,
        keys=[_key(k) for k in found.keys],
        warninglisted=[ListingRead(key=_key(k), list_name=x.name, list_title=x.title,
                                   entry=x.entry)
                       for k, listings in found.warninglisted for x in listings],
        records=[summary_model(r) for r in found.records])


@router.get("/correlations", response_model=LookupRead)
def look_up(caller: Caller, session: DB, now: Now,
            query: Annotated[LookupQuery, Query()]) -> LookupRead:
    """The records your agency may see that hold a value (normalised first, defanged input
    accepted), on the value itself or what it implies; and the agencies holding matching
    records you may not see (deconfliction hits: they are told that you matched)."""
    found, told = hits.search(session, caller, now, query.type.value, query.value)
    read = _read(found)
    read.hits = [HitNotice(reference=d.reference, agency_id=d.agency_id,
                           agency_name=d.agency_name, country=d.country,
                           message=f"{d.agency_name} ({d.country}) holds matching information"
                                   f" — hit reference {d.reference}; contact them through a"
                                   " request.")
                 for d in told]
    return read


@router.get("/records/{record_id}/related", response_model=list[RelatedRead])
def related(record_id: str, caller: Caller, session: DB, now: Now) -> list[RelatedRead]:
    """Per observable of the record: the other records your agency may see that share it."""
    return [RelatedRead(observable_type=o.type, observable_value=o.value,
                        over_correlating=found.over_correlating,
                        records=[summary_model(r) for r in found.records])
            for o, found in service.related(session, caller.agency_id, now, record_id)]
