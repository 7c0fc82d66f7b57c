"""The shared vocabulary: agency kinds, roles, TLP 2.0, data categories, purposes, offences.

Enum values are the stable wire and storage names. TLP is stored as its rank so the policy
filter can compare markings with `<=`; data categories are stored as a bit mask so "every
category of the record is permitted by the agreement" is one bitwise test in SQL.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class AgencyKind(StrEnum):
    POLICE = "police"
    PROSECUTION = "prosecution"
    JUDICIAL = "judicial"
    CERT = "cert"
    COORDINATION_BODY = "coordination_body"
    PRIVATE_PARTNER = "private_partner"


class Role(StrEnum):
    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    LEGAL_OFFICER = "legal_officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class TLP(IntEnum):
    """Traffic Light Protocol 2.0 (FIRST, 2022), ordered from least to most restrictive."""

    CLEAR = 0
    GREEN = 1
    AMBER = 2
    AMBER_STRICT = 3
    RED = 4

    @property
    def label(self) -> str:
        return "TLP:" + self.name.replace("_", "+")

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "+")

    @classmethod
    def parse(cls, text: str) -> TLP:
        key = text.strip().upper().removeprefix("TLP:").replace("+", "_").replace("-", "_")
        if key == "WHITE":  # TLP 1.0 name for CLEAR
            key = "CLEAR"
        try:
            return cls[key]
        except KeyError:
            raise ValueError(
                f"unknown TLP {text!r}; use one of {', '.join(t.slug for t in cls)}"
            ) from None


class DataCategory(StrEnum):
    TECHNICAL_INDICATORS = "technical_indicators"
    PERSONAL_DATA = "personal_data"
    FINANCIAL_DATA = "financial_data"
    CASE_INFORMATION = "case_information"

    @property
    def bit(self) -> int:
        return 1 << list(DataCategory).index(self)


ALL_CATEGORIES_MASK = (1 << len(DataCategory)) - 1


def categories_to_mask(categories: set[DataCategory] | list[DataCategory]) -> int:
    mask = 0
    for category in categories:
        mask |= DataCategory(category).bit
    return mask


def mask_to_categories(mask: int) -> list[DataCategory]:
    return [c for c in DataCategory if mask & c.bit]


class Purpose(StrEnum):
    PREVENTION = "prevention"
    INVESTIGATION = "investigation"
    PROSECUTION = "prosecution"
    INTELLIGENCE = "intelligence"

    @property
    def bit(self) -> int:
        return 1 << list(Purpose).index(self)


def purposes_to_mask(purposes: set[Purpose] | list[Purpose]) -> int:
    mask = 0
    for purpose in purposes:
        mask |= Purpose(purpose).bit
    return mask


def mask_to_purposes(mask: int) -> list[Purpose]:
    return [p for p in Purpose if mask & p.bit]


class Distribution(StrEnum):
    """Who a record is distributed to, before agreements are consulted (MISP's levels, adapted)."""

    OWNER = "owner"  # owner only
    AGENCIES = "agencies"  # named agencies
    AGREEMENT = "agreement"  # members of a named agreement
    PARTNERS = "partners"  # all agencies with an active agreement with the owner
    EVERYONE = "everyone"  # everyone on the platform


class HandlingCode(StrEnum):
    NO_RESTRICTION = "no_restriction"
    NOT_EVIDENCE_WITHOUT_CONSENT = "not_evidence_without_consent"
    NO_ONWARD_WITHOUT_CONSENT = "no_onward_without_consent"
    OTHER = "other"


class AgreementKind(StrEnum):
    BILATERAL = "bilateral"
    MULTILATERAL = "multilateral"


class AgreementStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXPIRED = "expired"


class Offence(StrEnum):
    """Council of Europe Convention on Cybercrime (ETS 185), Art. 2-10."""

    ILLEGAL_ACCESS = "illegal_access"  # Art. 2
    ILLEGAL_INTERCEPTION = "illegal_interception"  # Art. 3
    DATA_INTERFERENCE = "data_interference"  # Art. 4
    SYSTEM_INTERFERENCE = "system_interference"  # Art. 5
    MISUSE_OF_DEVICES = "misuse_of_devices"  # Art. 6
    COMPUTER_RELATED_FORGERY = "computer_related_forgery"  # Art. 7
    COMPUTER_RELATED_FRAUD = "computer_related_fraud"  # Art. 8
    CHILD_SEXUAL_ABUSE_MATERIAL = "child_sexual_abuse_material"  # Art. 9
    COPYRIGHT_INFRINGEMENT = "copyright_infringement"  # Art. 10

    @property
    def article(self) -> str:
        return f"ETS 185 Art. {list(Offence).index(self) + 2}"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


SOURCE_RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}

INFORMATION_CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}
