from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from liaison.observables import ObservableType, normalise
from liaison.schemas import Input, Output, TLPName
from liaison.vocab import TLP, DataCategory, Distribution, HandlingCode, Offence, Purpose

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=36)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
MAX_OBSERVABLES = 1000
ATTACK_ID = re.compile(r"(T\d{4}(\.\d{3})?|TA\d{4}|S\d{4}|G\d{4}|C\d{4}|M\d{4})")


def _attack_id(value: str) -> str:
    text = value.strip().upper()
    if not ATTACK_ID.fullmatch(text):
        raise ValueError("an ATT&CK id such as T1566, T1566.001, TA0001, S0366, G0007, "
                         "C0015 or M1017")
    return text


AttackRef = Annotated[str, StringConstraints(max_length=20), AfterValidator(_attack_id)]
"""An ATT&CK id: a technique (T1566, T1566.001), tactic, software, group, campaign or
mitigation."""
MAX_TECHNIQUES = 50


class ObservableIn(Input):
    type: ObservableType
    value: Annotated[str, StringConstraints(min_length=1, max_length=2048)]
    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None

    @model_validator(mode="after")
    def _checked(self) -> ObservableIn:
        self.value = normalise(self.type, self.value)
        return self


class _Markings(Input):
    @field_validator("expires_at", check_fields=False)
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a time zone (UTC ISO-8601, e.g. 2027-01-31T00:00:00Z)")
        return value


class RecordCreate(_Markings):
    title: Title
    summary: Summary = ""
    offences: list[Offence] = Field(min_length=1, max_length=len(Offence))
    tlp: TLPName
    handling_codes: list[HandlingCode] = Field(
        default_factory=lambda: [HandlingCode.NO_RESTRICTION], max_length=len(HandlingCode)
    )
    handling_note: Note | None = None
    source_reliability: Reliability = "F"
    information_credibility: int = Field(default=6, ge=1, le=6)
    distribution: Distribution
    recipient_ids: list[Id] = Field(default_factory=list, max_length=500)
    distribution_agreement_id: Id | None = None
    categories: list[DataCategory] = Field(min_length=1, max_length=len(DataCategory))
    purpose: Purpose
    expires_at: datetime | None = None
    disclosable: bool = Field(
        default=True, description="False for a covert operation: an agency matching this "
        "record in a deconfliction hit learns nothing; you are still told of the hit.")
    observables: list[ObservableIn] = Field(default_factory=list, max_length=MAX_OBSERVABLES)
    techniques: list[AttackRef] = Field(
        default_factory=list, max_length=MAX_TECHNIQUES,
        description="ATT&CK ids the record cites (held by this node's ATT&CK data)")

    @model_validator(mode="after")
    def _consistent(self) -> RecordCreate:
        check_markings(self.tlp, self.categories, self.distribution, self.recipient_ids,
                       self.distribution_agreement_id, self.handling_codes, self.handling_note)
        return self


class RecordUpdate(_Markings):
    """Fields left out stay as they are; markings are re-checked as a whole after merging."""

    title: Title | None = None
    summary: Summary | None = None
    offences: list[Offence] | None = Field(default=None, min_length=1, max_length=len(Offence))
    tlp: TLPName | None = None
    handling_codes: list[HandlingCode] | None = Field(default=None, max_length=len(HandlingCode))
    handling_note: Note | None = None
    source_reliability: Reliability | None = None
    information_credibility: int | None = Field(default=None, ge=1, le=6)
    distribution: Distribution | None = None
    recipient_ids: list[Id] | None = Field(default=None, max_length=500)
    distribution_agreement_id: Id | None = None
    categories: list[DataCategory] | None = Field(default=None, min_length=1,
                                                  max_length=len(DataCategory))
    purpose: Purpose | None = None
    expires_at: datetime | None = None
    disclosable: bool | None = None
    observables: list[ObservableIn] | None = Field(default=None, max_length=MAX_OBSERVABLES)
    techniques: list[AttackRef] | None = Field(default=None, max_length=MAX_TECHNIQUES)


def check_markings(tlp: str, categories: list[DataCategory], distribution: Distribution,
                   recipient_ids: list[str], agreement_id: str | None,
                   handling_codes: list[HandlingCode], handling_note: str | None) -> None:
    """Marking rules that hold whatever the agreements say; messages name the field."""
    level = TLP.parse(tlp)
    if level == TLP.CLEAR and DataCategory.PERSONAL_DATA in categories:
        raise ValueError("tlp: a record holding personal data cannot be TLP:CLEAR")
    if level == TLP.RED and distribution != Distribution.AGENCIES:
        raise ValueError("distribution: TLP:RED records go only to agencies named explicitly"
                         " (distribution 'agencies')")
    if distribution == Distribution.AGENCIES and not recipient_ids:
        raise ValueError("recipient_ids: name at least one agency for distribution 'agencies'")
    if distribution != Distribution.AGENCIES and recipient_ids:
        raise ValueError("recipient_ids: only for distribution 'agencies'")
    if distribution == Distribution.AGREEMENT and not agreement_id:
        raise ValueError("distribution_agreement_id: required for distribution 'agreement'")
    if distribution != Distribution.AGREEMENT and agreement_id:
        raise ValueError("distribution_agreement_id: only for distribution 'agreement'")
    if HandlingCode.OTHER in handling_codes and not handling_note:
        raise ValueError("handling_note: describe the 'other' restriction")
    if HandlingCode.NO_RESTRICTION in handling_codes and len(handling_codes) > 1:
        raise ValueError("handling_codes: 'no_restriction' cannot be combined with restrictions")


class ObservableRead(Output):
    type: str
    value: str
    comment: str | None


class AgencyRef(Output):
    id: str
    name: str
    short_name: str
    country: str


class Visibility(Output):
    rule: str
    reason: str
    agreement_id: str | None
    agreement_name: str | None


class RecordSummary(Output):
    id: str
    title: str
    owner: AgencyRef
    tlp: str
    offences: list[str]
    distribution: str
    purpose: str
    categories: list[str]
    source_reliability: str
    information_credibility: int
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


class RecordRead(RecordSummary):
    summary: str
    author_id: str | None
    handling_codes: list[str]
    handling_note: str | None
    disclosable: bool
    recipients: list[AgencyRef]
    distribution_agreement_id: str | None
    observables: list[ObservableRead]
    techniques: list[str]  # ATT&CK ids
    visibility: Visibility


class RecordQuery(Input):
    """Filters shared by list, count and export (paging parameters travel beside them)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    tlp: TLPName | None = None
    offence: Offence | None = None
    owner_id: Id | None = None
    purpose: Purpose | None = None
    observable_type: ObservableType | None = None
    observable_value: Annotated[str, StringConstraints(max_length=2048)] | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    own: bool = False
