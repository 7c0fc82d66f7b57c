from __future__ import annotations

from fastapi import APIRouter

from liaison.api.deps import DB, Caller, Now, Paging, paged
from liaison.campaigns import service
from liaison.campaigns.schemas import (
    CampaignRead,
    CampaignSummaryRead,
    CountryRead,
    HolderRead,
    SharedValueRead,
)
from liaison.intel.service import summary_model

router = APIRouter(tags=["campaigns"])


def summary_read(c: service.CampaignSummary) -> CampaignSummaryRead:
    return CampaignSummaryRead(
        id=c.id, size=c.size, visible=c.visible, hidden=c.hidden, values=c.values,
        holders=[HolderRead.model_validate(h) for h in c.holders])


def campaign_read(c: service.CampaignView) -> CampaignRead:
    return CampaignRead(
        **summary_read(c).model_dump(),
        records=[summary_model(r) for r in c.records],
        shared=[SharedValueRead(type=v.type, value=v.value, records=list(v.records),
                                also_hidden=v.also_hidden) for v in c.shared],
        countries=[CountryRead.model_validate(row) for row in c.countries])


@router.get("/campaigns")
def list_campaigns(caller: Caller, session: DB, now: Now, page: Paging) -> dict[str, object]:
    """Campaigns (records linked through shared values) you see a record of, largest first:
    of the records you may not see, only their number and the agencies holding them."""
    found = service.campaigns_for(session, caller.agency_id, now)
    items = [summary_read(c) for c in found[page.offset:page.offset + page.limit]]
    return paged(list(items), len(found), page)


@router.get("/campaigns/{campaign_id}", response_model=CampaignRead)
def get_campaign(campaign_id: str, caller: Caller, session: DB, now: Now) -> CampaignRead:
    """One campaign: your visible records, the values linking them, the agencies holding
    the rest, and the countries involved."""
    return campaign_read(service.campaign(session, caller.agency_id, campaign_id, now))
