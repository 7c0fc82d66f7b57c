"""Inputs of the STIX import."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from liaison.schemas import Input, TLPName
from liaison.vocab import DataCategory, Distribution, Offence, Purpose


class ImportDefaults(Input):
    """What a record takes where the bundle says nothing (STIX has no offences, purpose or
    distribution; a report exported by Liaison carries its own). Shared with no one unless
    the importer says so."""

    offences: list[Offence] = Field(min_length=1, max_length=len(Offence))
    tlp: TLPName = "amber"
    distribution: Distribution = Distribution.OWNER
    categories: list[DataCategory] = Field(default=[DataCategory.TECHNICAL_INDICATORS],
                                           min_length=1, max_length=len(DataCategory))
    purpose: Purpose = Purpose.INTELLIGENCE


class StixImport(Input):
    bundle: dict[str, Any]
    defaults: ImportDefaults
    keep_good: bool = Field(default=False, description="Leave out the values that do not "
                            "validate instead of refusing the whole bundle")
