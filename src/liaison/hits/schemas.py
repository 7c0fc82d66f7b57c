from __future__ import annotations

from datetime import datetime
from typing import Literal

from liaison.schemas import Input, Output


class HitQuery(Input):
    side: Literal["holder", "seeker"] = "holder"


class HitRead(Output):
    reference: str
    seeker_agency: str
    holder_agency: str
    record_id: str | None  # only on the holder's side: the seeker never learns it
    type: str
    value: str
    source: str
    disclosed: bool
    first_at: datetime
    last_at: datetime
    times: int
