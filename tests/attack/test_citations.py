"""Records cite ATT&CK techniques, software and groups by ATT&CK id; the ids must be held by
the node's ATT&CK data; they travel in STIX as MITRE's own external references."""

from __future__ import annotations

import json

import pytest

from liaison.accounts.principal import Principal
from liaison.errors import Invalid
from liaison.intel import bulk
from liaison.intel.schemas import RecordCreate
from liaison.intel.service import get_record
from tests import factories as f
from tests.stix.test_export import _bundle, _by_type, _valid
from tests.stix.test_import import _import

from .test_attack import ICS, _load

BODY = {"title": "Wiper on a water utility's HMI", "offences": ["system_interference"],
        "tlp": "green", "distribution": "partners", "categories": ["technical_indicators"],
        "purpose": "investigation",
        "observables": [{"type": "domain", "value": "arabica.podzone.net"}]}


def _create(client, world, **change):
    return client.post("/api/v1/records", json={**BODY, **change},
                       headers=world.auth("de.analyst"))


def test_a_record_cites_held_ids_and_shows_them(client, world, session_factory, now):
    _load(session_factory, now, ICS)
    made = _create(client, world, techniques=["t0803", "T0813", "T0803"])
    assert made.status_code == 201, made.text
    assert made.json()["techniques"] == ["T0803", "T0813"]
    changed = client.patch(f"/api/v1/records/{made.json()['id']}", json={"techniques": []},
                           headers=world.auth("de.analyst"))
    assert changed.status_code == 200 and changed.json()["techniques"] == []


def test_unknown_and_malformed_ids_are_refused_on_the_field(client, world, session_factory,
                                                             now):
    none_loaded = _create(client, world, techniques=["T0803"])
    assert none_loaded.status_code == 422
    (detail,) = none_loaded.json()["error"]["details"]
    assert detail["field"] == "techniques" and "liaison attack load" in detail["message"]
    _load(session_factory, now, ICS)
    unknown = _create(client, world, techniques=["T0803", "T9999"])
    assert unknown.status_code == 422 and "T9999" in unknown.text
    malformed = _create(client, world, techniques=["phishing"])
    assert malformed.status_code == 422
    assert malformed.json()["error"]["details"][0]["field"].startswith("techniques")


def test_bulk_imports_cite_and_refuse_like_single_records(world, session_factory, now):
    _load(session_factory, now, ICS)
    with session_factory() as s:
        by = Principal.of(s.merge(world.de_analyst))
        items = [RecordCreate.model_validate({**BODY, "techniques": ["T0803"]}),
                 RecordCreate.model_validate({**BODY, "techniques": ["T0803", "T9999"]})]
        with pytest.raises(Invalid) as refused:
            bulk.import_records(s, items, now, by)
        (detail,) = refused.value.details
        assert detail.field == "records.1.techniques" and "T9999" in detail.message
        report = bulk.import_records(s, items[:1], now, by)
        record, _ = get_record(s, report.record_ids[0], now, by)
        assert [t.attack_id for t in record.techniques] == ["T0803"]


def test_citations_travel_in_stix_and_come_back(client, world, session_factory, now):
    _load(session_factory, now, ICS)
    assert _create(client, world, techniques=["T0803", "S0604"]).status_code == 201
    first = _bundle(client, world, "de.analyst")
    _valid(first)
    (report,) = _by_type(first, "report")
    assert report["external_references"] == [
        {"source_name": "mitre-attack", "external_id": "S0604",
         "url": "https://attack.mitre.org/software/S0604"},
        {"source_name": "mitre-attack", "external_id": "T0803",
         "url": "https://attack.mitre.org/techniques/T0803"}]
    outcome = _import(client, world, "br.analyst", first)
    (record_id,) = outcome["record_ids"]
    again = client.get(f"/api/v1/records/{record_id}", headers=world.auth("br.analyst"))
    assert again.json()["techniques"] == ["S0604", "T0803"]


def test_ids_this_node_lacks_are_named_on_import_not_cited(client, world, session_factory,
                                                            now):
    _load(session_factory, now, ICS)
    assert _create(client, world, techniques=["T0803"]).status_code == 201
    bundle = _bundle(client, world, "de.analyst")
    (report,) = _by_type(bundle, "report")
    report["external_references"].append({"source_name": "mitre-attack",
                                          "external_id": "T1566"})  # Enterprise: not loaded
    outcome = _import(client, world, "br.analyst", bundle)
    assert any("T1566 not on this node" in line for line in outcome["not_understood"])
    (record_id,) = outcome["record_ids"]
    shown = client.get(f"/api/v1/records/{record_id}", headers=world.auth("br.analyst"))
    assert shown.json()["techniques"] == ["T0803"]


def test_the_cli_cites(cli, session_factory, now):
    _load(session_factory, now, ICS)
    with session_factory() as s:
        agency = f.agency(s, "DE-CCU")
        f.user(s, agency, "anna")
        s.commit()
    result = cli("record", "add", "--as", "anna", "--title", "HMI wiper", "--offence",
                 "system_interference", "--tlp", "green", "--distribution", "owner",
                 "--category", "technical_indicators", "--purpose", "investigation",
                 "--technique", "T0803")
    assert result.exit_code == 0, result.output


def test_citations_travel_in_misp_as_mitre_galaxy_tags_and_come_back(client, world,
                                                                     session_factory, now):
    _load(session_factory, now, ICS)
    assert _create(client, world, techniques=["T0803", "S0604"]).status_code == 201
    response = client.get("/api/v1/misp/events", headers=world.auth("de.analyst"))
    (event,) = response.json()["response"]
    tags = {t["name"] for t in event["Event"]["Tag"]}
    assert 'misp-galaxy:mitre-attack-pattern="Block Command Message - T0803"' in tags
    assert 'misp-galaxy:mitre-malware="Industroyer - S0604"' in tags
    defaults = {"offences": ["system_interference"]}
    imported = client.post("/api/v1/misp/import", headers=world.auth("br.analyst"),
                           json={"events": [event], "defaults": defaults})
    assert imported.status_code == 201, imported.text
    (record_id,) = imported.json()["record_ids"]
    shown = client.get(f"/api/v1/records/{record_id}", headers=world.auth("br.analyst"))
    assert shown.json()["techniques"] == ["S0604", "T0803"]


def test_real_misp_galaxies_cite_what_the_node_holds(client, world, session_factory, now):
    """ESET's Turla events tag MITRE Enterprise techniques; with only ICS loaded they are
    counted as missing, not cited and not refused."""
    from .test_attack import DATA

    event = json.loads((DATA / "misp-events-eset" / "turla" /
                        "misp-turla-powershell-event.json").read_text())
    _load(session_factory, now, ICS)
    imported = client.post("/api/v1/misp/import", headers=world.auth("de.analyst"),
                           json={"events": [event], "keep_good": True,
                                 "defaults": {"offences": ["illegal_access"]}})
    assert imported.status_code == 201, imported.text
    assert any(k.startswith("ATT&CK ids not on this node") for k in
               imported.json()["not_imported"])
