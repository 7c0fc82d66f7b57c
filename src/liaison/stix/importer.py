"""STIX 2.1 bundles read into records: reports become records, the indicators (patterns),
observed-data and cyber-observables they reference become observables, through the one
normalisation module. No database here: `service.import_bundle` stores the result.

What has no place in a record (attack patterns, malware, identities, relationships …) is
counted by type and reported, never a reason to fail. Values that do not normalise are
reported with the STIX object they came from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import stix2
from stix2.exceptions import STIXError
from stix2patterns.v21.pattern import Pattern

from liaison.errors import FieldError, Invalid
from liaison.observables import InvalidObservable, ObservableType, guess_type, normalise
from liaison.stix.export import EXTENSION
from liaison.stix.markings import HANDLING_STATEMENTS, TLP_BY_ID
from liaison.stix.patterns import HASHES
from liaison.vocab import TLP, HandlingCode

T = ObservableType
# TLP 1.0 marking-definitions of the STIX 2.1 specification (section 7.2.1.4)
TLP_1 = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": TLP.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": TLP.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": TLP.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": TLP.RED,
}
HASH_TYPES = {name.replace("-", "").upper(): kind for kind, name in HASHES.items()}
CARRIERS = {"indicator", "observed-data"}  # objects whose content becomes observables
SCO_TYPES = {"ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "file",
             "autonomous-system", "user-account", "cryptocurrency-wallet",
             "x-liaison-phone-number", "x-liaison-bank-account"}
NOT_STORED_SILENTLY = {"marking-definition", "extension-definition"}


@dataclass
class Found:
    """An observable as a STIX object gave it, before normalisation."""

    type: ObservableType
    raw: str
    source_id: str  # the indicator, observed-data or SCO it came from


@dataclass
class RecordDraft:
    """What one record will be: a report, or the bundle's loose indicators."""

    stix_id: str | None
    modified: datetime | None
    fields: dict[str, Any]
    found: list[Found] = field(default_factory=list)
    tlp: TLP | None = None


@dataclass
class Reading:
    drafts: list[RecordDraft]
    not_imported: Counter[str] = field(default_factory=Counter)  # object type -> count
    not_understood: list[str] = field(default_factory=list)  # pattern parts, SCO properties


def _unquote(literal: str) -> str:
    if len(literal) >= 2 and literal[0] == literal[-1] == "'":
        return literal[1:-1].replace("\\'", "'").replace("\\\\", "\\")
    return literal


def _address(kind: T, value: str) -> T:
    return T.CIDR if "/" in value else kind


def _domain(value: str) -> T:
    return T.ONION if value.lower().rstrip(".").endswith(".onion") else T.DOMAIN


def _wallet(value: str) -> T | None:
    kind = guess_type(value)
    return kind if kind in (T.BTC_ADDRESS, T.ETH_ADDRESS, T.XMR_ADDRESS) else None


def _comparison(object_type: str, path: list[Any], value: str) -> tuple[T, str] | None:
    """One `object:path = value` of a pattern as an observable, where Liaison has a type."""
    name = ".".join(str(p) for p in path)
    if object_type in ("ipv4-addr", "ipv6-addr") and name == "value":
        return _address(T.IPV4 if object_type == "ipv4-addr" else T.IPV6, value), value
    if object_type == "domain-name" and name == "value":
        return _domain(value), value
    simple = {("url", "value"): T.URL, ("email-addr", "value"): T.EMAIL,
              ("file", "name"): T.FILE_NAME, ("x-liaison-phone-number", "value"): T.PHONE,
              ("x-liaison-bank-account", "iban"): T.IBAN}
    if (object_type, name) in simple:
        return simple[(object_type, name)], value
    if object_type == "file" and len(path) == 2 and path[0] == "hashes":
        kind = HASH_TYPES.get(str(path[1]).replace("-", "").upper())
        return (kind, value) if kind else None
    if object_type == "autonomous-system" and name == "number":
        return T.ASN, f"AS{value}"
    if object_type == "cryptocurrency-wallet" and name == "address":
        wallet = _wallet(value)
        return (wallet, value) if wallet else None
    return None


def from_pattern(text: str, source_id: str, problems: list[str]) -> list[Found]:
    try:
        parsed = Pattern(text).inspect()
    except Exception as exc:  # the pattern library raises its own parse errors
        problems.append(f"{source_id}: pattern not parsed ({exc})")
        return []
    found: list[Found] = []
    for object_type, comparisons in parsed.comparisons.items():
        if object_type == "user-account":
            parts = {".".join(map(str, p)): _unquote(v) for p, op, v in comparisons
                     if op == "="}
            if "account_login" in parts:
                platform = parts.get("account_type", "")
                found.append(Found(T.HANDLE, f"{platform}:{parts['account_login']}",
                                   source_id))
                continue
        for path, op, literal in comparisons:
            made = _comparison(object_type, path, _unquote(literal)) if op == "=" else None
            if made is None:
                problems.append(f"{source_id}: {object_type}:{'.'.join(map(str, path))} "
                                f"{op} … has no Liaison observable type")
                continue
            found.append(Found(made[0], made[1], source_id))
    return found


def from_sco(sco: dict[str, Any], problems: list[str]) -> list[Found]:
    """A cyber-observable object's values (each has one, or a file several hashes)."""
    kind, source = sco.get("type", ""), str(sco.get("id", sco.get("type", "?")))
    if kind == "file":
        found = [Found(HASH_TYPES[name.replace("-", "").upper()], str(value), source)
                 for name, value in (sco.get("hashes") or {}).items()
                 if name.replace("-", "").upper() in HASH_TYPES]
        if sco.get("name"):
            found.append(Found(T.FILE_NAME, str(sco["name"]), source))
        return found
    if kind == "user-account" and sco.get("account_login"):
        return [Found(T.HANDLE, f"{sco.get('account_type', '')}:{sco['account_login']}",
                      source)]
    key = {"autonomous-system": "number", "cryptocurrency-wallet": "address",
           "x-liaison-bank-account": "iban"}.get(kind, "value")
    if key not in sco:
        problems.append(f"{source}: no {key} to import")
        return []
    made = _comparison(kind, [key], str(sco[key]))
    if made is None:
        problems.append(f"{source}: {kind} has no Liaison observable type")
        return []
    return [Found(made[0], made[1], source)]


def _objects(data: Any) -> list[dict[str, Any]]:
    """The bundle's objects, parsed by the stix2 library (unknown types kept as dicts)."""
    if not isinstance(data, dict) or data.get("type") != "bundle":
        raise Invalid.field("bundle", "expected a STIX 2.1 bundle: an object with "
                            "\"type\": \"bundle\" and \"objects\"")
    try:
        parsed = stix2.parse(data, allow_custom=True, version="2.1")
    except (STIXError, ValueError, TypeError) as exc:
        raise Invalid.field("bundle", f"not a valid STIX 2.1 bundle: {exc}") from None
    objects = parsed.get("objects", []) if isinstance(parsed, dict) else parsed.objects
    return [dict(o) if not isinstance(o, dict) else o for o in objects]


def _tlp(refs: Iterable[str]) -> TLP | None:
    levels = [TLP_BY_ID.get(r) or TLP_1.get(r) for r in refs]
    known = [level for level in levels if level is not None]
    return max(known) if known else None


def _handling_note(report: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str | None:
    """The note of an "other" handling code, as `markings.statement_marking` wrote it."""
    prefix = HANDLING_STATEMENTS[HandlingCode.OTHER] + ": "
    for ref in report.get("object_marking_refs") or []:
        statement = str(((by_id.get(ref) or {}).get("definition") or {}).get("statement", ""))
        if statement.startswith(prefix):
            return statement.removeprefix(prefix)[:500]
    return None


def _report_fields(report: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    fields: dict[str, Any] = {"title": str(report.get("name", ""))[:300] or report["id"],
                              "summary": str(report.get("description", ""))[:20_000]}
    references = [dict(r) for r in report.get("external_references") or []
                  if isinstance(r, Mapping)]  # the stix2 library's objects are mappings
    cited = [str(r["external_id"]).upper() for r in references
             if r.get("source_name") == "mitre-attack" and r.get("external_id")]
    if cited:
        fields["techniques"] = list(dict.fromkeys(cited))
    terms = (report.get("extensions") or {}).get(EXTENSION)
    if isinstance(terms, dict):  # a report exported by Liaison: its terms come back
        for name in ("offences", "purpose", "categories", "handling_codes",
                     "source_reliability", "information_credibility"):
            if name in terms:
                fields[name] = terms[name]
        # named recipients and agreements belong to the exporting node: not carried over
        if terms.get("distribution") in ("owner", "partners", "everyone"):
            fields["distribution"] = terms["distribution"]
        if HandlingCode.OTHER.value in fields.get("handling_codes", []):
            fields["handling_note"] = _handling_note(report, by_id)
    return fields


def _when(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def read(data: Any) -> Reading:
    objects = _objects(data)
    by_id = {str(o.get("id")): o for o in objects}
    reading = Reading([])
    claimed: set[str] = set()

    def contents(refs: Iterable[str]) -> Iterator[Found]:
        for ref in refs:
            target = by_id.get(ref)
            if target is None:
                continue
            kind = target.get("type")
            if kind == "indicator" and target.get("pattern_type", "stix") == "stix":
                claimed.add(ref)
                yield from from_pattern(str(target.get("pattern", "")), ref,
                                        reading.not_understood)
            elif kind == "observed-data":
                claimed.add(ref)
                yield from contents(target.get("object_refs") or [])
            elif kind in SCO_TYPES:
                claimed.add(ref)
                yield from from_sco(target, reading.not_understood)

    for report in (o for o in objects if o.get("type") == "report"):
        draft = RecordDraft(str(report["id"]), _when(report.get("modified")),
                            _report_fields(report, by_id),
                            tlp=_tlp(report.get("object_marking_refs") or []))
        draft.found = list(contents(report.get("object_refs") or []))
        reading.drafts.append(draft)
    loose = [str(o["id"]) for o in objects
             if (o.get("type") in CARRIERS or o.get("type") in SCO_TYPES)
             and str(o["id"]) not in claimed]
    if loose:
        found = list(contents(loose))
        if found:
            levels = [_tlp(by_id[i].get("object_marking_refs") or []) for i in loose]
            known = [level for level in levels if level is not None]
            reading.drafts.append(RecordDraft(
                None, None, {"title": f"Indicators of STIX {data.get('id', 'bundle')}"},
                found, max(known) if known else None))
    used = {"report"} | CARRIERS | SCO_TYPES | NOT_STORED_SILENTLY
    reading.not_imported.update(str(o.get("type")) for o in objects
                                if o.get("type") not in used)
    return reading


def normalised(draft: RecordDraft, index: int
               ) -> tuple[list[tuple[Found, str]], list[FieldError]]:
    """The draft's observables in canonical form, each with where it came from."""
    good: list[tuple[Found, str]] = []
    problems: list[FieldError] = []
    for found in draft.found:
        try:
            good.append((found, normalise(found.type, found.raw)))
        except InvalidObservable as exc:
            problems.append(FieldError(f"records.{index}.{found.source_id}",
                                       f"{found.type.value}: {exc}"))
    return good, problems
