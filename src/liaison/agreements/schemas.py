from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from liaison.agencies.schemas import AgencyRead
from liaison.schemas import Input, Name, Output, TLPName
from liaison.vocab import AgreementKind, DataCategory, Purpose

Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LegalBasis = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=5000)]


class AgreementCreate(Input):
    name: Name
    kind: AgreementKind
    legal_basis: LegalBasis
    legal_reference: Reference
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    member_ids: list[Annotated[str, StringConstraints(max_length=36)]] = Field(
        min_length=2, max_length=500
    )
    categories: list[DataCategory] = Field(min_length=1)
    purposes: list[Purpose] = Field(min_length=1)
    max_tlp: TLPName
    onward_transfer: bool = False
    retention_days: int = Field(ge=1, le=36500)

    @model_validator(mode="after")
    def _shape(self) -> AgreementCreate:
        if len(set(self.member_ids)) != len(self.member_ids):
            raise ValueError("member_ids: an agency is listed twice")
        if self.kind == AgreementKind.BILATERAL and len(self.member_ids) != 2:
            raise ValueError("member_ids: a bilateral agreement binds exactly two agencies")
        for name in ("valid_from", "valid_until"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name}: give a time zone (UTC ISO-8601, e.g. ...Z)")
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError("valid_until: must be after valid_from")
        return self


class StatusChange(Input):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3,
                                             max_length=2000)]


class AgreementRead(Output):
    id: str
    name: str
    kind: str
    legal_basis: str
    legal_reference: str
    valid_from: datetime | None
    valid_until: datetime | None
    status: str
    status_reason: str | None
    in_force: bool
    categories: list[DataCategory]
    purposes: list[Purpose]
    max_tlp: str
    onward_transfer: bool
    retention_days: int
    members: list[AgencyRead]
    created_at: datetime
    updated_at: datetime
