"""MISP: records exported as events PyMISP loads; real MISP events (ESET, CIRCL) imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pymisp import MISPEvent
from sqlalchemy.orm import Session, sessionmaker

from tests import factories as f
from tests.api.conftest import World
from tests.stix.test_export import EVERY_TYPE

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
REAL_EVENTS = sorted([*(DATA / "misp-events-eset").rglob("*.json"),
                      *(DATA / "misp-events-pymisp-tests" / "circl-osint").glob("*.json")])
DEFAULTS = {"offences": ["illegal_access"], "tlp": "amber", "distribution": "owner"}


def _events(client: TestClient, world: World, user: str, **params: object) -> list[dict]:
    response = client.get("/api/v1/misp/events", params=params, headers=world.auth(user))
    assert response.status_code == 200, response.text
    return response.json()["response"]


def _import(client: TestClient, world: World, user: str, events: list, expect: int = 201,
            **extra: object) -> dict:
    response = client.post("/api/v1/misp/import", headers=world.auth(user),
                           json={"events": events, "defaults": DEFAULTS, **extra})
    assert response.status_code == expect, response.text
    return response.json()


def _record(session_factory: sessionmaker[Session], world: World, **fields: object) -> str:
    with session_factory() as s:
        record = f.record(s, s.merge(world.de_analyst), **fields)
        s.commit()
        return record.id


def _loaded(event: dict) -> MISPEvent:
    loaded = MISPEvent()
    loaded.load(event)
    return loaded


def test_every_observable_type_exports_as_an_event_pymisp_loads(client, world, session_factory):
    _record(session_factory, world, title="Loader infrastructure", tlp="green",
            summary="Seen in May", offences=["illegal_access", "computer_related_fraud"],
            observables=[{"type": t, "value": v} for t, v in EVERY_TYPE])
    (event,) = _events(client, world, "de.analyst")
    loaded = _loaded(event)
    types = loaded.describe_types["types"]
    assert all(a.type in types for a in loaded.attributes)
    assert loaded.info == "Loader infrastructure" and int(loaded.distribution) == 1
    tags = {t.name for t in loaded.tags}
    assert {"tlp:green", 'liaison:offence="illegal_access"'} <= tags
    attributes = {(a.type, a.value) for a in loaded.attributes}
    assert ("ip-dst", "45.124.132.0/24") in attributes and ("AS", "AS49981") in attributes
    assert ("url", "http://skategirlchina.com/wp-includes/ms-locale.php") in attributes
    objects = {o.name: {a.object_relation: a.value for a in o.attributes}
               for o in loaded.objects}
    assert objects["coin-address"] == {"address-crypto":
                                       "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
                                       "symbol": "ETH"}
    assert objects["user-account"] == {"username": "cryptoking_2024",
                                       "account-type": "telegram"}


def test_a_partner_and_an_outsider_export_only_what_they_may_see(client, world,
                                                                  session_factory):
    _record(session_factory, world, title="Shared with partners", tlp="green")
    _record(session_factory, world, title="Kept in the agency", tlp="amber",
            distribution="owner")
    assert [e["Event"]["info"] for e in _events(client, world, "fr.analyst")] == [
        "Shared with partners"]
    assert _events(client, world, "br.analyst") == []


def test_export_then_import_keeps_title_markings_and_observables(client, world,
                                                                session_factory):
    _record(session_factory, world, title="Loader infrastructure", tlp="green",
            summary="Seen in May", offences=["illegal_access", "computer_related_fraud"],
            observables=[{"type": t, "value": v} for t, v in EVERY_TYPE])
    events = _events(client, world, "de.analyst")
    outcome = _import(client, world, "br.analyst", events)
    assert outcome["observables"] == len(EVERY_TYPE) and outcome["left_out"] == []
    (again,) = _events(client, world, "br.analyst")
    first, second = _loaded(events[0]["Event"]), _loaded(again["Event"])
    assert (second.info, {t.name for t in second.tags}) == (first.info,
                                                            {t.name for t in first.tags})
    assert {(a.type, a.value) for a in second.attributes} == {
        (a.type, a.value) for a in first.attributes}


@pytest.mark.parametrize("path", REAL_EVENTS, ids=lambda p: p.name)
def test_real_misp_events_import(client, world, path):
    data = json.loads(path.read_text())
    outcome = _import(client, world, "de.analyst", [data], keep_good=True)
    (record_id,) = outcome["record_ids"]
    if "response" in data:  # saved from a MISP search
        data = data["response"][0]
    event = data.get("Event", data)
    carried = sum(1 for a in event.get("Attribute", []) if a["type"] in (
        "ip-dst", "domain", "hostname", "md5", "sha1", "sha256", "url", "filename|sha256"))
    assert outcome["observables"] > 0 or carried == 0
    shown = client.get(f"/api/v1/records/{record_id}", headers=world.auth("de.analyst"))
    assert shown.status_code == 200 and shown.json()["title"] == event["info"][:300]


def test_tlp_tags_and_distribution_levels_become_liaison_markings(client, world):
    circl = json.loads((DATA / "misp-events-pymisp-tests" / "circl-osint" /
                        "galaxy_1.json").read_text())  # tlp:white, distribution 3
    (record_id,) = _import(client, world, "de.analyst", [circl])["record_ids"]
    record = client.get(f"/api/v1/records/{record_id}", headers=world.auth("de.analyst")).json()
    assert (record["tlp"], record["distribution"]) == ("clear", "everyone")
    assert "MISP galaxies:" in record["summary"]


def test_bad_values_refuse_every_event_unless_asked_to_keep_the_good(client, world):
    event = {"Event": {"info": "Mixed", "Attribute": [
        {"type": "ip-dst", "value": "300.1.2.3", "category": "Network activity"},
        {"type": "domain", "value": "Bedrost.COM", "category": "Network activity"},
        {"type": "link", "value": "https://www.welivesecurity.com/",
         "category": "External analysis"},
    ]}}
    refused = _import(client, world, "de.analyst", [event], expect=422)
    (detail,) = refused["error"]["details"]
    assert detail["field"] == "events.0.Attribute.0" and "300.1.2.3" in detail["message"]
    kept = _import(client, world, "de.analyst", [event], keep_good=True)
    assert kept["observables"] == 1 and kept["not_imported"] == {"link": 1}
    refused = _import(client, world, "de.analyst", [{"Event": {"Attribute": []}}], expect=422)
    assert refused["error"]["details"][0]["field"] == "events.0"


def test_the_cli_exports_and_imports(cli, world, session_factory, tmp_path):
    _record(session_factory, world, title="Shared with partners", tlp="green")
    out = tmp_path / "events.json"
    result = cli("misp", "export", "--as", "de.analyst", "--out", str(out))
    assert result.exit_code == 0, result.output
    result = cli("misp", "import", str(out), "--as", "br.analyst", "--offence",
                 "illegal_access", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["record_ids"]) == 1
