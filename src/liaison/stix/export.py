"""Records as a STIX 2.1 bundle. Which records go in is the caller's (the policy's) choice;
this only turns them into objects."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from liaison.agencies.models import Agency
from liaison.intel.models import Record
from liaison.stix.markings import stable_id, statement_marking, tlp_marking
from liaison.stix.patterns import pattern
from liaison.vocab import TLP, HandlingCode, mask_to_categories

# Liaison's property extension: what a record says that STIX has no property for.
EXTENSION = stable_id("extension-definition", "liaison-record", "1.0")
EXTENSION_CREATED = "2026-12-01T00:00:00.000Z"
NODE_IDENTITY = stable_id("identity", "liaison-node")

# STIX 2.1 Appendix A, Admiralty Credibility to confidence (6, "cannot be judged": none)
CONFIDENCE = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10}
MEDIA_TYPE = "application/stix+json;version=2.1"


def timestamp(moment: datetime) -> str:
    """STIX form: UTC, milliseconds, Z."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def agency_id(agency: Agency) -> str:
    return stable_id("identity", "agency", agency.id)


# the ids imported records came with: record id -> "report" or (type, value) -> STIX id
KnownIds = dict[str, dict[str | tuple[str, str], str]]


def report_id(record: Record, known: KnownIds | None = None) -> str:
    return (known or {}).get(record.id, {}).get("report") or stable_id("report", record.id)


def indicator_id(record: Record, type_: str, value: str, known: KnownIds | None = None) -> str:
    """An imported indicator keeps its id; others are derived from the report's id, so a
    report that came back from another node keeps its indicators' ids too."""
    mine = (known or {}).get(record.id, {})
    return mine.get((type_, value)) or stable_id("indicator", report_id(record, known), type_,
                                                 value)


ATTACK_PAGES = {"TA": "tactics", "T": "techniques", "S": "software", "G": "groups",
                "C": "campaigns", "M": "mitigations"}


def attack_reference(attack_id: str) -> dict[str, str]:
    """An ATT&CK id as MITRE's own STIX names it (source `mitre-attack`), with its page."""
    prefix = "TA" if attack_id.startswith("TA") else attack_id[0]
    path = attack_id.replace(".", "/")
    return {"source_name": "mitre-attack", "external_id": attack_id,
            "url": f"https://attack.mitre.org/{ATTACK_PAGES[prefix]}/{path}"}


def _node_objects() -> list[dict[str, Any]]:
    identity = {
        "type": "identity", "spec_version": "2.1", "id": NODE_IDENTITY,
        "created": EXTENSION_CREATED, "modified": EXTENSION_CREATED,
        "name": "Liaison", "identity_class": "system",
        "description": "The Liaison platform node that exported this bundle.",
    }
    extension = {
        "type": "extension-definition", "spec_version": "2.1", "id": EXTENSION,
        "created_by_ref": NODE_IDENTITY, "created": EXTENSION_CREATED,
        "modified": EXTENSION_CREATED, "name": "Liaison record",
        "description": "A Liaison record's sharing terms and grading: its Liaison id, "
                       "offences, purpose, distribution, data categories, handling codes "
                       "and Admiralty grading (source reliability, information credibility).",
        "schema": "https://liaison.invalid/stix/extension/liaison-record/1.0",
        "version": "1.0", "extension_types": ["property-extension"],
    }
    return [identity, extension]


def _agency_objects(agency: Agency) -> list[dict[str, Any]]:
    created = timestamp(agency.created_at)
    identity = {
        "type": "identity", "spec_version": "2.1", "id": agency_id(agency),
        "created": created, "modified": created, "name": agency.name,
        "identity_class": "organization",
        "description": f"{agency.short_name}: {agency.kind.replace('_', ' ')} agency, "
                       f"{agency.country}",
    }
    location = {
        "type": "location", "spec_version": "2.1", "id": stable_id("location", agency.country),
        "created": EXTENSION_CREATED, "modified": EXTENSION_CREATED,
        "name": agency.country, "country": agency.country,
    }
    located = {
        "type": "relationship", "spec_version": "2.1",
        "id": stable_id("relationship", "located-at", agency.id),
        "created": created, "modified": created, "relationship_type": "located-at",
        "source_ref": identity["id"], "target_ref": location["id"],
    }
    return [identity, location, located]


def _markings(record: Record) -> tuple[list[str], list[dict[str, Any]]]:
    made = [tlp_marking(TLP(record.tlp))]
    made += [statement_marking(HandlingCode(code), record.handling_note)
             for code in record.handling_codes if code != HandlingCode.NO_RESTRICTION]
    return [m["id"] for m in made], made


def _record_objects(record: Record, marking_refs: list[str],
                    known: KnownIds) -> list[dict[str, Any]]:
    created, modified = timestamp(record.created_at), timestamp(record.updated_at)
    owner = agency_id(record.owner)
    common = {"spec_version": "2.1", "created_by_ref": owner, "created": created,
              "modified": modified, "object_marking_refs": marking_refs}
    indicators = []
    for observable in record.observables:
        indicator = {
            "type": "indicator",
            "id": indicator_id(record, observable.type, observable.value, known),
            **common, "name": f"{observable.type}: {observable.value}",
            "description": observable.comment or f"From the record \u201c{record.title}\u201d.",
            "pattern": pattern(observable.type, observable.value), "pattern_type": "stix",
            "pattern_version": "2.1", "valid_from": created,
        }
        if record.expires_at is not None:
            indicator["valid_until"] = timestamp(record.expires_at)
        indicators.append(indicator)
    terms = {
        "extension_type": "property-extension", "record_id": record.id,
        "offences": sorted(o.offence for o in record.offences), "purpose": record.purpose,
        "distribution": record.distribution,
        "categories": [c.value for c in mask_to_categories(record.category_mask)],
        "handling_codes": list(record.handling_codes),
        "source_reliability": record.source_reliability,
        "information_credibility": record.information_credibility,
    }
    report: dict[str, Any] = {
        "type": "report", "id": report_id(record, known), **common, "name": record.title,
        "description": record.summary or record.title, "report_types": ["threat-report"],
        "published": created,
        "object_refs": [i["id"] for i in indicators] or [owner],
        "extensions": {EXTENSION: terms},
    }
    if record.information_credibility in CONFIDENCE:
        report["confidence"] = CONFIDENCE[record.information_credibility]
    if record.techniques:
        report["external_references"] = [attack_reference(t.attack_id)
                                          for t in record.techniques]
    return [report, *indicators]


def bundle(records: Iterable[Record], *, known: KnownIds | None = None,
           bundle_id: str | None = None) -> dict[str, Any]:
    """A bundle of these records (loaded with owner, offences and observables); `known`
    gives imported records the STIX ids they came with."""
    objects: dict[str, dict[str, Any]] = {o["id"]: o for o in _node_objects()}
    for record in records:
        for made in _agency_objects(record.owner):
            objects.setdefault(made["id"], made)
        refs, markings = _markings(record)
        for marking in markings:
            objects.setdefault(marking["id"], marking)
        for made in _record_objects(record, refs, known or {}):
            objects[made["id"]] = made
    return {"type": "bundle", "id": bundle_id or f"bundle--{uuid.uuid4()}",
            "objects": list(objects.values())}


