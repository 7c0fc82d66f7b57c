"""TLP 2.0 marking-definitions (FIRST's official STIX objects) and statement markings."""

from __future__ import annotations

import uuid
from typing import Any

from liaison.vocab import TLP, HandlingCode

# The TLP 2.0 extension and its marking-definitions, as published by OASIS
# (cti-stix-common-objects, extension-definition-specifications/tlp-2.0).
TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_IDS = {
    TLP.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    TLP.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    TLP.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    TLP.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    TLP.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
TLP_BY_ID = {marking: tlp for tlp, marking in TLP_IDS.items()}

# Liaison's own namespace for the UUIDv5 ids of the objects it derives from its rows.
NAMESPACE = uuid.UUID("6ca93d39-05a9-41a1-97ab-6365c9ef4624")

HANDLING_STATEMENTS = {
    HandlingCode.NO_RESTRICTION: "No handling restriction beyond the TLP.",
    HandlingCode.NOT_EVIDENCE_WITHOUT_CONSENT:
        "Not to be used as evidence without the originating agency's consent.",
    HandlingCode.NO_ONWARD_WITHOUT_CONSENT:
        "Not to be passed on to a third party without the originating agency's consent.",
    HandlingCode.OTHER: "Special handling applies",
}


def stable_id(object_type: str, *parts: str) -> str:
    """The same STIX id for the same Liaison thing, export after export."""
    return f"{object_type}--{uuid.uuid5(NAMESPACE, '|'.join((object_type, *parts)))}"


def tlp_marking(tlp: TLP) -> dict[str, Any]:
    return {
        "type": "marking-definition", "spec_version": "2.1", "id": TLP_IDS[tlp],
        "created": "2022-10-01T00:00:00.000Z", "name": tlp.label,
        "extensions": {TLP_EXTENSION: {"extension_type": "property-extension",
                                       "tlp_2_0": tlp.slug}},
    }


def statement_marking(code: HandlingCode, note: str | None) -> dict[str, Any]:
    """A handling code as a STIX statement marking; "other" carries the record's note."""
    statement = HANDLING_STATEMENTS[code]
    if code is HandlingCode.OTHER:
        statement += f": {note}" if note else "."
    return {
        "type": "marking-definition", "spec_version": "2.1",
        "id": stable_id("marking-definition", code.value, statement),
        "created": "2026-01-01T00:00:00.000Z", "name": f"Liaison handling: {code.value}",
        "definition_type": "statement", "definition": {"statement": statement},
    }
