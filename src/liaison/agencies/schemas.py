from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AfterValidator, StringConstraints

from liaison.schemas import CountryCode, Input, Name, Output
from liaison.vocab import AgencyKind


def _timezone(name: str) -> str:
    if name not in available_timezones():
        raise ValueError(f"{name!r} is not an IANA time zone (e.g. Europe/Berlin)")
    ZoneInfo(name)
    return name


TimeZone = Annotated[str, AfterValidator(_timezone)]
ShortName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=2, max_length=40,
                           pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
]


class AgencyCreate(Input):
    name: Name
    short_name: ShortName
    country: CountryCode
    kind: AgencyKind
    timezone: TimeZone
    contact_point: bool = False


class AgencyUpdate(Input):
    name: Name | None = None
    timezone: TimeZone | None = None
    contact_point: bool | None = None


class AgencyRead(Output):
    id: str
    name: str
    short_name: str
    country: str
    kind: str
    timezone: str
    is_contact_point: bool
    created_at: datetime
