from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, field_validator

from liaison.intel.schemas import AgencyRef, RecordSummary
from liaison.observables import ObservableType
from liaison.schemas import CountryCode, Input, Output


class LookupQuery(Input):
    type: ObservableType
    value: Annotated[str, StringConstraints(min_length=1, max_length=8192)]


class KeyRead(Output):
    type: str
    value: str
    via: str


class ListingRead(Output):
    """Why a value does not correlate: the warninglist and the entry that matched."""

    key: KeyRead
    list_name: str
    list_title: str
    entry: str


class HitNotice(Output):
    """A deconfliction hit as the seeker learns it: whom to contact, nothing else."""

    reference: str
    agency_id: str
    agency_name: str
    country: str
    message: str


class LookupRead(Output):
    """What a viewer learns about a value: the records it may see that hold it, and which
    agencies hold matching information it may not see (deconfliction hits)."""

    type: str
    value: str
    keys: list[KeyRead]
    over_correlating: bool
    warninglisted: list[ListingRead]
    records: list[RecordSummary]
    hits: list[HitNotice] = []


class RelatedRead(Output):
    observable_type: str
    observable_value: str
    over_correlating: bool
    records: list[RecordSummary]


class SightingCreate(Input):
    """An agency saw a value: when (aware times), how often, where, and from what source."""

    type: ObservableType
    value: Annotated[str, StringConstraints(min_length=1, max_length=8192)]
    first_seen: datetime
    last_seen: datetime
    count: Annotated[int, Field(ge=1, le=1_000_000_000)] = 1
    country: CountryCode | None = None
    source: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""

    @field_validator("first_seen", "last_seen")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("give a time zone (UTC ISO-8601, e.g. 2026-11-28T09:30:00Z)")
        return value


class SightingQuery(Input):
    """One value's sightings (both given), or without them the inbox; paging travels beside."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    type: ObservableType | None = None
    value: Annotated[str, StringConstraints(min_length=1, max_length=8192)] | None = None


class HoldingRecord(Output):
    id: str
    title: str


class SightingRead(Output):
    id: int
    type: str
    value: str
    first_seen: datetime
    last_seen: datetime
    count: int
    country: str | None
    source: str
    agency: AgencyRef  # the reporting agency
    created_at: datetime
    held_by: list[HoldingRecord]  # the viewer's own records holding the value
