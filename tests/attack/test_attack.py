"""MITRE ATT&CK as reference knowledge: MITRE's published data loaded (Enterprise as STIX
2.0, up-converted), looked up through the API and the CLI."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import stix2
from sqlalchemy.orm import Session, sessionmaker
from stix2validator import ValidationOptions, validate_instance

from liaison.attack import reader, service
from liaison.attack.models import AttackObject

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
ICS = DATA / "mitre-attack-stix21" / "ics-attack-18.1.json"
MOBILE = DATA / "mitre-attack-stix21" / "mobile-attack-17.1.json"
ENTERPRISE = (DATA / "mitre-cti-enterprise-attack-stix20" /
              "enterprise-attack-v18.1-stix20-objects.tar.gz")


def _load(session_factory: sessionmaker[Session], now: datetime, *paths: Path) -> None:
    with session_factory() as s:
        for path in paths:
            service.load(s, reader.read(path), now, None)
        s.commit()


def test_all_three_domains_load_and_enterprise_comes_up_converted_to_2_1(
        session_factory, now):
    _load(session_factory, now, ICS, MOBILE, ENTERPRISE)
    with session_factory() as s:
        assert service.count(s) > 25_000
        wannacry = service.get(s, "S0366")
        assert wannacry.name == "WannaCry"
        assert set(wannacry.domains) >= {"enterprise-attack", "ics-attack"}
        phishing = service.get(s, "t1566")
        assert (phishing.name, phishing.type) == ("Phishing", "attack-pattern")
        assert phishing.url == "https://attack.mitre.org/techniques/T1566"
        samples = [json.loads(o.stix) for o in (
            wannacry, phishing, service.get(s, "S0002"), service.get(s, "G0007"),
            service.get(s, "TA0001"), service.get(s, "M1017"))]
    for obj in samples:
        assert obj["spec_version"] == "2.1"
        stix2.parse(obj, allow_custom=True, version="2.1")
    bundle = {"type": "bundle", "id": "bundle--6f2d3d0a-1c4f-4a49-9b77-1e3d8c1b2a10",
              "objects": samples}
    result = validate_instance(bundle, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    malware = next(o for o in samples if o["type"] == "malware")
    assert malware["is_family"] is True and "labels" not in malware


def test_loading_again_keeps_what_is_current_and_newer_versions_replace(session_factory, now):
    _load(session_factory, now, ICS)
    with session_factory() as s:
        again = service.load(s, reader.read(ICS), now, None)
        assert again.added == 0 and again.replaced == 0 and again.kept > 1000
        held = service.get(s, "T0803")
        newer = {**json.loads(held.stix), "modified": "2030-01-01T00:00:00.000Z",
                 "name": "Block Command Message (renamed)"}
        older = {**newer, "modified": "2000-01-01T00:00:00.000Z", "name": "Old"}
        assert service.load(s, [newer], now, None).replaced == 1
        assert service.load(s, [older], now, None).kept == 1
        assert service.get(s, "T0803").name == "Block Command Message (renamed)"


def test_the_api_finds_by_id_name_kind_and_domain(client, world, session_factory, now):
    _load(session_factory, now, ICS, MOBILE)
    auth = world.auth("br.analyst")
    found = client.get("/api/v1/attack", params={"q": "T0803"}, headers=auth).json()
    assert [i["name"] for i in found["items"]] == ["Block Command Message"]
    groups = client.get("/api/v1/attack", params={"kind": "group", "domain": "ics-attack",
                                                  "limit": 200}, headers=auth).json()
    assert groups["total"] == len(groups["items"]) > 5
    assert all(i["type"] == "intrusion-set" and "ics-attack" in i["domains"]
               for i in groups["items"])
    by_name = client.get("/api/v1/attack", params={"q": "phishing"}, headers=auth).json()
    assert by_name["total"] >= 1
    one = client.get("/api/v1/attack/T0803", headers=auth)
    assert one.status_code == 200 and one.json()["stix"]["id"] == one.json()["stix_id"]
    assert client.get("/api/v1/attack/T9999", headers=auth).status_code == 404
    bad = client.get("/api/v1/attack", params={"kind": "weapon"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "query.kind"
    assert client.get("/api/v1/attack").status_code == 401


def test_only_operators_and_node_administrators_load(session_factory, world, now):
    from liaison.accounts.principal import Principal
    from liaison.errors import NotPermitted

    with session_factory() as s:
        analyst = Principal.of(s.merge(world.de_analyst))
        try:
            service.load(s, [], now, analyst)
        except NotPermitted:
            pass
        else:
            raise AssertionError("an analyst loaded ATT&CK")
        admin = Principal.of(s.merge(world.node_admin))
        assert service.load(s, reader.read(ICS), now, admin).added > 1000
        assert s.query(AttackObject).count() > 1000


def test_the_cli_loads_lists_and_shows(cli, tmp_path):
    assert cli("attack", "load", str(ICS)).exit_code == 0
    listed = cli("attack", "list", "--q", "T0803", "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)["items"][0]["name"] == "Block Command Message"
    shown = cli("attack", "show", "T0803")
    assert shown.exit_code == 0 and "Block Command Message" in shown.output
    assert cli("attack", "show", "T9999").exit_code != 0
    broken = tmp_path / "broken.json"
    broken.write_text('{"type": "indicator"}')
    result = cli("attack", "load", str(broken))
    assert result.exit_code == 2 and "not a STIX bundle" in result.output
