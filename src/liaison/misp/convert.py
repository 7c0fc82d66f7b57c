"""Records to MISP events and MISP events to record drafts. No database here."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pymisp import MISPEvent, MISPObject

from liaison.errors import FieldError, Invalid
from liaison.intel.models import Record
from liaison.misp.mapping import (
    COMPOSITE,
    DISTRIBUTION_FROM_MISP,
    DISTRIBUTION_TO_MISP,
    FROM_MISP,
    TLP_TAGS,
    TO_MISP,
)
from liaison.observables import InvalidObservable, normalise
from liaison.observables import ObservableType as T
from liaison.vocab import TLP, Distribution

NAMESPACE = uuid.UUID("0b9a5f43-5c5a-4a53-9f0e-2d7d0f3c6a11")  # Liaison's MISP uuids


def event_uuid(record: Record) -> str:
    return str(uuid.uuid5(NAMESPACE, f"event|{record.id}"))


# MISP's galaxies of MITRE ATT&CK, by the kind of ATT&CK object (its STIX type)
ATTACK_GALAXIES = {"attack-pattern": "mitre-attack-pattern", "malware": "mitre-malware",
                   "tool": "mitre-tool", "intrusion-set": "mitre-intrusion-set",
                   "course-of-action": "mitre-course-of-action"}
CITED = re.compile(r" - (TA\d{4}|T\d{4}(?:\.\d{3})?|S\d{4}|G\d{4}|C\d{4}|M\d{4})\"?$")


def to_event(record: Record, attack: dict[str, tuple[str, str]] | None = None) -> MISPEvent:
    """A record as a MISP event: its TLP and offences as tags, the ATT&CK ids it cites as
    MISP's own mitre galaxy tags (`attack`: id -> (STIX type, name)), observables as
    attributes (an Ethereum address as a coin-address object, a handle as a user-account
    object)."""
    event = MISPEvent()
    event.uuid = event_uuid(record)
    event.info = record.title
    event.date = record.created_at.date()
    event.distribution = DISTRIBUTION_TO_MISP[Distribution(record.distribution)]
    event.analysis = 2  # complete: a record is what its owner decided to share
    event.threat_level_id = 4  # undefined: Liaison does not grade threat
    event.add_tag(f"tlp:{TLP(record.tlp).slug}")
    for offence in sorted(o.offence for o in record.offences):
        event.add_tag(f"liaison:offence=\"{offence}\"")
    for cited in record.techniques:
        kind, name = (attack or {}).get(cited.attack_id, ("attack-pattern", cited.attack_id))
        galaxy = ATTACK_GALAXIES.get(kind, "mitre-attack-pattern")
        event.add_tag(f"misp-galaxy:{galaxy}=\"{name} - {cited.attack_id}\"")
    if record.summary:
        event.add_attribute("comment", record.summary, to_ids=False, category="Other")
    for observable in record.observables:
        kind = T(observable.type)
        comment = observable.comment or ""
        if kind in TO_MISP:
            event.add_attribute(TO_MISP[kind], observable.value, comment=comment)
        elif kind is T.ETH_ADDRESS:
            coin = MISPObject("coin-address")
            coin.add_attribute("address-crypto", observable.value, comment=comment)
            coin.add_attribute("symbol", "ETH")
            event.add_object(coin)
        elif kind is T.HANDLE:
            platform, _, login = observable.value.partition(":")
            account = MISPObject("user-account")
            account.add_attribute("username", login, comment=comment)
            account.add_attribute("account-type", platform)
            event.add_object(account)
    return event


@dataclass
class Draft:
    """A MISP event as a record to be: its fields and the observables found, canonical."""

    uuid: str | None
    fields: dict[str, Any]
    observables: list[tuple[str, str]] = field(default_factory=list)
    problems: list[FieldError] = field(default_factory=list)
    not_imported: Counter[str] = field(default_factory=Counter)


def _address(value: str) -> T:
    return T.CIDR if "/" in value else (T.IPV6 if ":" in value else T.IPV4)


def _add(draft: Draft, misp_type: str, value: str, where: str) -> None:
    if misp_type not in FROM_MISP:  # a link to a report, a YARA rule, a comment …
        draft.not_imported[misp_type] += 1
        return
    kind = FROM_MISP[misp_type] or _address(value)
    if kind is T.FILE_NAME:  # MISP filenames often hold the path: the name is its last part
        value = value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    try:
        draft.observables.append((kind.value, normalise(kind, value)))
    except InvalidObservable as exc:
        if kind is T.URL and "://" not in value:
            # MISP's url type takes bare hosts and paths ("bad.example/x"): read as http
            try:
                draft.observables.append((kind.value, normalise(kind, "http://" + value)))
                return
            except InvalidObservable:
                pass
        draft.problems.append(FieldError(where, f"{misp_type} {value!r}: {exc}"))


def _attribute(draft: Draft, attribute: dict[str, Any], where: str) -> None:
    misp_type, value = str(attribute.get("type", "")), str(attribute.get("value", ""))
    if attribute.get("deleted") in (True, 1, "1"):
        return
    if misp_type in COMPOSITE:
        for part_type, part in zip(COMPOSITE[misp_type], value.split("|"), strict=False):
            if part_type is not None:
                _add(draft, part_type, part, where)
        return
    _add(draft, misp_type, value, where)


def _object(draft: Draft, obj: dict[str, Any], where: str) -> None:
    attributes = [a for a in obj.get("Attribute", []) if a.get("deleted") not in (True, 1, "1")]
    by_relation = {a.get("object_relation"): str(a.get("value", "")) for a in attributes}
    name = obj.get("name")
    if name == "coin-address" and by_relation.get("symbol", "").upper() == "ETH" and \
            "address-crypto" in by_relation:
        _add_as(draft, T.ETH_ADDRESS, by_relation["address-crypto"], where)
        return
    if name == "user-account" and "username" in by_relation:
        platform = by_relation.get("account-type", "")
        _add_as(draft, T.HANDLE, f"{platform}:{by_relation['username']}", where)
        return
    for index, attribute in enumerate(attributes):
        _attribute(draft, attribute, f"{where}.Attribute.{index}")


def _add_as(draft: Draft, kind: T, value: str, where: str) -> None:
    try:
        draft.observables.append((kind.value, normalise(kind, value)))
    except InvalidObservable as exc:
        draft.problems.append(FieldError(where, f"{kind.value} {value!r}: {exc}"))


def from_event(data: Any, index: int = 0) -> Draft:
    """One MISP event (`{"Event": {...}}` or the event itself) as a record draft; PyMISP
    reads it first, so what it refuses is refused here too."""
    try:
        loaded = MISPEvent()
        loaded.load(data)
    except Exception as exc:  # PyMISP raises bare exceptions of several kinds
        raise Invalid.field(f"events.{index}", f"not a MISP event: {exc}") from None
    event = loaded.to_dict()
    where = f"events.{index}"
    tags = [str(tag.name) for tag in loaded.tags]
    levels = [TLP_TAGS[t.lower()] for t in tags if t.lower() in TLP_TAGS]
    offences = [t.split("=", 1)[1].strip('"') for t in tags
                if t.startswith("liaison:offence=")]
    galaxies = sorted({str(c.get("value")) for g in event.get("Galaxy", [])
                       for c in g.get("GalaxyCluster", [])})
    # ATT&CK ids, from mitre galaxy clusters ("Phishing - T1566") and galaxy tags
    cited = [m.group(1) for text in [*galaxies, *(t for t in tags if "mitre-" in t)]
             if (m := CITED.search(text))]
    summary_parts = [str(a.get("value")) for a in event.get("Attribute", [])
                     if a.get("type") == "comment" and a.get("category") == "Other"]
    if galaxies:
        summary_parts.append("MISP galaxies: " + "; ".join(galaxies))
    fields: dict[str, Any] = {"title": str(event.get("info") or "MISP event")[:300],
                              "summary": "\n\n".join(summary_parts)[:20_000]}
    if levels:
        fields["tlp"] = max(levels).slug
    if offences:
        fields["offences"] = offences
    if cited:
        fields["techniques"] = list(dict.fromkeys(cited))
    level = str(event.get("distribution", ""))
    if level.isdigit() and int(level) in DISTRIBUTION_FROM_MISP:
        fields["distribution"] = DISTRIBUTION_FROM_MISP[int(level)].value
    draft = Draft(str(event.get("uuid") or "") or None, fields)
    for number, attribute in enumerate(event.get("Attribute", [])):
        if attribute.get("type") == "comment" and attribute.get("category") == "Other":
            continue
        _attribute(draft, attribute, f"{where}.Attribute.{number}")
    for number, obj in enumerate(event.get("Object", [])):
        _object(draft, obj, f"{where}.Object.{number}")
    if galaxies:
        draft.not_imported["galaxy cluster (named in the summary)"] += len(galaxies)
    draft.observables = list(dict.fromkeys(draft.observables))
    return draft
