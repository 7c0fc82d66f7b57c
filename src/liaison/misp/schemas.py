"""Inputs of the MISP import."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from liaison.schemas import Input
from liaison.stix.schemas import ImportDefaults


class MispImport(Input):
    """MISP events as MISP's REST API gives them (`{"Event": {...}}` or the event itself);
    `defaults` give what MISP has no notion of (offences, purpose, categories)."""

    events: list[dict[str, Any]] = Field(min_length=1, max_length=1000)
    defaults: ImportDefaults
    keep_good: bool = Field(default=False, description="Leave out the values that do not "
                            "validate instead of refusing every event")
