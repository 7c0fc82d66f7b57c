"""STIX 2.1 import: reports into records, through the normalisation module; round trips keep
content and ids; whatever has no place in a record is reported, never a crash."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests import factories as f
from tests.api.conftest import World

from .test_export import EVERY_TYPE, _bundle, _by_type, _valid

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
DEFAULTS = {"offences": ["computer_related_fraud"], "tlp": "amber", "distribution": "owner"}


def _import(client: TestClient, world: World, user: str, bundle: dict, expect: int = 201,
            **extra: object) -> dict:
    response = client.post("/api/v1/stix/import", headers=world.auth(user),
                           json={"bundle": bundle, "defaults": DEFAULTS, **extra})
    assert response.status_code == expect, response.text
    return response.json()


def _exported(session_factory: sessionmaker[Session], world: World, client: TestClient) -> dict:
    with session_factory() as s:
        de = s.merge(world.de_analyst)
        f.record(s, de, title="Loader infrastructure", tlp="green", summary="Seen in May",
                 offences=["illegal_access", "computer_related_fraud"],
                 observables=[{"type": t, "value": v} for t, v in EVERY_TYPE])
        f.record(s, de, title="Mule accounts", tlp="amber+strict", categories=["financial_data"],
                 handling_codes=["not_evidence_without_consent", "other"],
                 handling_note="Ask the prosecutor in Bonn first", source_reliability="B",
                 information_credibility=2,
                 observables=[{"type": "iban", "value": "GB82WEST12345698765432"}])
        s.commit()
    return _bundle(client, world, "de.analyst")


def _content(bundle: dict) -> dict[str, object]:
    """What a round trip must keep: every report and indicator by id, but for the agency
    that holds it (the importer's) and Liaison's own record id."""
    kept = {}
    for o in bundle["objects"]:
        if o["type"] in ("report", "indicator"):
            o = copy.deepcopy(o)
            for name in ("created_by_ref", "created", "modified", "published", "valid_from"):
                o.pop(name, None)
            for terms in o.get("extensions", {}).values():
                terms.pop("record_id")
            kept[o["id"]] = o
    return kept


def test_export_import_export_keeps_content_and_ids(client, world, session_factory):
    first = _exported(session_factory, world, client)
    outcome = _import(client, world, "br.analyst", first)
    assert len(outcome["record_ids"]) == 2 and outcome["observables"] == len(EVERY_TYPE) + 1
    assert outcome["not_imported"] == {"identity": 2, "location": 1, "relationship": 1}
    again = _bundle(client, world, "br.analyst")
    _valid(again)
    assert _content(again) == _content(first)


def test_importing_the_same_bundle_again_adds_nothing(client, world, session_factory):
    bundle = _exported(session_factory, world, client)
    first = _import(client, world, "br.analyst", bundle)
    second = _import(client, world, "br.analyst", bundle)
    assert second["record_ids"] == [] and len(second["already_held"]) == 2
    assert len(_by_type(_bundle(client, world, "br.analyst"), "report")) == len(
        first["record_ids"])


@pytest.mark.parametrize("name", sorted(p.name for p in (
    DATA / "oasis-cti-documentation-examples").glob("*.json")))
def test_the_oasis_examples_import_without_a_crash(client, world, name):
    bundle = json.loads((DATA / "oasis-cti-documentation-examples" / name).read_text())
    outcome = _import(client, world, "de.analyst", bundle, keep_good=True)
    indicators = sum(1 for o in bundle["objects"] if o["type"] == "indicator")
    if indicators:  # stored, or each pattern it could not use is named (a regex, say)
        assert outcome["record_ids"] or outcome["not_understood"], outcome
    assert sum(outcome["not_imported"].values()) <= len(bundle["objects"])


def test_the_apt1_report_becomes_a_record_with_its_indicators(client, world):
    bundle = json.loads((DATA / "oasis-cti-documentation-examples" / "apt1.json").read_text())
    outcome = _import(client, world, "de.analyst", bundle, keep_good=True)
    report = next(o for o in bundle["objects"] if o["type"] == "report")
    mine = _bundle(client, world, "de.analyst")
    (exported,) = [r for r in _by_type(mine, "report") if r["id"] == report["id"]]
    assert exported["name"] == report["name"]
    assert outcome["not_imported"]["attack-pattern"] == 7
    assert outcome["not_imported"]["malware"] == 6


def test_mitre_attack_objects_are_counted_not_stored(client, world):
    bundle = json.loads((DATA / "mitre-attack-stix21" / "ics-attack-18.1.json").read_text())
    outcome = _import(client, world, "de.analyst", bundle)
    assert outcome["record_ids"] == []
    assert outcome["not_imported"]["attack-pattern"] > 50


def test_bad_values_refuse_the_bundle_unless_asked_to_keep_the_good(client, world):
    bundle = {"type": "bundle", "id": "bundle--2f1d3c1e-6f5e-4d8c-9a55-1a3a9cfd8a01",
              "objects": [
                  {"type": "indicator", "spec_version": "2.1",
                   "id": "indicator--1f1d3c1e-6f5e-4d8c-9a55-1a3a9cfd8a01",
                   "created": "2026-11-01T10:00:00.000Z", "modified": "2026-11-01T10:00:00.000Z",
                   "pattern": "[ipv4-addr:value = '300.1.2.3']", "pattern_type": "stix",
                   "valid_from": "2026-11-01T10:00:00Z"},
                  {"type": "indicator", "spec_version": "2.1",
                   "id": "indicator--3f1d3c1e-6f5e-4d8c-9a55-1a3a9cfd8a01",
                   "created": "2026-11-01T10:00:00.000Z", "modified": "2026-11-01T10:00:00.000Z",
                   "pattern": "[domain-name:value = 'Bedrost.COM']", "pattern_type": "stix",
                   "valid_from": "2026-11-01T10:00:00Z"},
              ]}
    refused = _import(client, world, "de.analyst", bundle, expect=422)
    (detail,) = refused["error"]["details"]
    assert "indicator--1f1d3c1e" in detail["field"] and "ipv4" in detail["message"]
    assert _by_type(_bundle(client, world, "de.analyst"), "report") == []
    kept = _import(client, world, "de.analyst", bundle, keep_good=True)
    assert kept["observables"] == 1 and len(kept["left_out"]) == 1
    (indicator,) = _by_type(_bundle(client, world, "de.analyst"), "indicator")
    assert indicator["pattern"] == "[domain-name:value = 'bedrost.com']"
    assert indicator["id"] == "indicator--3f1d3c1e-6f5e-4d8c-9a55-1a3a9cfd8a01"


def test_what_is_not_a_bundle_is_refused_with_the_field(client, world):
    for bad in ({"type": "indicator"}, {"type": "bundle", "objects": "x"},
                {"type": "bundle", "id": "bundle--1", "objects": [{"type": "indicator"}]}):
        refused = _import(client, world, "de.analyst", bad, expect=422)
        assert refused["error"]["details"][0]["field"] == "bundle", refused
    response = client.post("/api/v1/stix/import", headers=world.auth("de.analyst"),
                           json={"bundle": {"type": "bundle", "objects": []},
                                 "defaults": {"offences": []}})
    assert response.status_code == 422
    assert "defaults.offences" in {d["field"] for d in response.json()["error"]["details"]}


def test_the_cli_imports_a_bundle(cli, world, tmp_path):
    path = DATA / "oasis-cti-documentation-examples" / "indicator-for-malicious-url.json"
    result = cli("stix", "import", str(path), "--as", "fr.analyst", "--offence",
                 "computer_related_fraud", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert len(out["record_ids"]) == 1 and out["observables"] == 1
    assert out["not_imported"] == {"malware": 1, "relationship": 1}
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = cli("stix", "import", str(bad), "--as", "fr.analyst", "--offence",
                 "computer_related_fraud")
    assert result.exit_code == 2 and "not JSON" in result.output
