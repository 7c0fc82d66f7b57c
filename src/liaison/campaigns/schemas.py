from __future__ import annotations

from liaison.intel.schemas import RecordSummary
from liaison.schemas import Output


class HolderRead(Output):
    """An agency holding records of the campaign you may not see: only that it does."""

    id: str
    name: str
    country: str
    note: str


class CampaignSummaryRead(Output):
    id: str
    size: int  # visible + hidden
    visible: int
    hidden: int
    holders: list[HolderRead]
    values: int


class SharedValueRead(Output):
    type: str
    value: str
    records: list[str]  # ids of the visible records holding it
    also_hidden: bool


class CountryRead(Output):
    country: str
    records: int
    hidden: int


class CampaignRead(CampaignSummaryRead):
    records: list[RecordSummary]  # visible, newest first (up to 500; `visible` counts all)
    shared: list[SharedValueRead]  # linking values your records hold (up to 1,000)
    countries: list[CountryRead]
