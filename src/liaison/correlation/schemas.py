from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from liaison.intel.schemas import RecordSummary
from liaison.observables import ObservableType
from liaison.schemas import Input, Output


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


class LookupRead(Output):
    """What a viewer learns about a value: the records it may see that hold it."""

    type: str
    value: str
    keys: list[KeyRead]
    over_correlating: bool
    warninglisted: list[ListingRead]
    records: list[RecordSummary]


class RelatedRead(Output):
    observable_type: str
    observable_value: str
    over_correlating: bool
    records: list[RecordSummary]
