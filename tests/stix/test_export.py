"""STIX 2.1 export: what the viewer may see, as a bundle the OASIS validator accepts."""

from __future__ import annotations

import json
import re

import stix2
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from stix2validator import ValidationOptions, validate_instance

from liaison.stix import markings
from tests import factories as f
from tests.api.conftest import World

# Every observable type, with values from published indicators (ESET's MISP events, OFAC's
# SDN list, the SWIFT IBAN registry, real onion services) where the type has such values.
EVERY_TYPE = [
    ("ipv4", "178.128.103.24"), ("ipv6", "2001:67c:2e8:22::c100:68b"),
    ("cidr", "45.124.132.0/24"), ("domain", "arabica.podzone.net"),
    ("url", "hxxp://skategirlchina[.]com/wp-includes/ms-locale.php"),
    ("email", "karakos3232@seznam.cz"), ("md5", "b5a2c96250612366ea272ffac6d9744d"),
    ("sha1", "8A7E2399A61EC025C15D06ECDD9B7B37D6245EC2"),
    ("sha256", "ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa"),
    ("sha512", "0f" * 64),
    ("btc_address", "1QAc9S5EmycqjzzWDc1yiWzr9jJLC8sLiY"),
    ("eth_address", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"),
    ("xmr_address", "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgS"
                    "rhHEqpDYKBe5B2ufNsL"),
    ("phone", "+44 20 7946 0958"), ("iban", "DE89 3704 0044 0532 0130 00"),
    ("onion", "22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoead.onion"),
    ("asn", "AS49981"), ("handle", "telegram:@CryptoKing_2024"),
    ("file_name", "ms-locale's.php"),
]


def _valid(bundle: dict) -> None:
    result = validate_instance(bundle, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    stix2.parse(bundle, allow_custom=True)  # the stix2 library reads it too


def _bundle(client: TestClient, world: World, user: str, **params: object) -> dict:
    response = client.get("/api/v1/stix/bundle", params=params, headers=world.auth(user))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/stix+json;version=2.1")
    return response.json()


def _by_type(bundle: dict, kind: str) -> list[dict]:
    return [o for o in bundle["objects"] if o["type"] == kind]


def _records(session_factory: sessionmaker[Session], world: World) -> dict[str, str]:
    with session_factory() as s:
        de = s.merge(world.de_analyst)
        made = {
            "every type": f.record(s, de, title="Loader infrastructure", tlp="green",
                                   offences=["illegal_access", "computer_related_fraud"],
                                   observables=[{"type": t, "value": v} for t, v in EVERY_TYPE]),
            "strict": f.record(s, de, title="Mule accounts", tlp="amber+strict",
                               categories=["financial_data"],
                               handling_codes=["not_evidence_without_consent", "other"],
                               handling_note="Ask the prosecutor in Bonn first",
                               observables=[{"type": "iban", "value": "GB82WEST12345698765432"}]),
            "red": f.record(s, de, title="Undercover contact", tlp="red", distribution="agencies",
                            recipient_ids=[world.fr.id],
                            observables=[{"type": "email", "value": "sym777.g@post.cz"}]),
        }
        s.commit()
        return {name: r.id for name, r in made.items()}


def test_an_export_passes_the_oasis_validator_with_every_observable_type(
        client, world, session_factory):
    _records(session_factory, world)
    bundle = _bundle(client, world, "de.analyst")
    _valid(bundle)
    reports = {r["name"]: r for r in _by_type(bundle, "report")}
    assert set(reports) == {"Loader infrastructure", "Mule accounts", "Undercover contact"}
    loader = reports["Loader infrastructure"]
    indicators = {i["id"]: i for i in _by_type(bundle, "indicator")}
    patterns = sorted(indicators[ref]["pattern"] for ref in loader["object_refs"])
    assert len(patterns) == len(EVERY_TYPE)
    expected = {
        "[ipv4-addr:value = '178.128.103.24']", "[ipv4-addr:value = '45.124.132.0/24']",
        "[url:value = 'http://skategirlchina.com/wp-includes/ms-locale.php']",
        "[file:hashes.'SHA-1' = '8a7e2399a61ec025c15d06ecdd9b7b37d6245ec2']",
        "[cryptocurrency-wallet:address = '1QAc9S5EmycqjzzWDc1yiWzr9jJLC8sLiY']",
        "[x-liaison-phone-number:value = '+442079460958']",
        "[x-liaison-bank-account:iban = 'DE89370400440532013000']",
        "[autonomous-system:number = 49981]",
        "[user-account:account_login = 'cryptoking_2024' AND "
        "user-account:account_type = 'telegram']",
        "[file:name = 'ms-locale\\'s.php']",
    }
    assert expected <= set(patterns)
    terms = loader["extensions"][next(iter(loader["extensions"]))]
    assert terms["offences"] == ["computer_related_fraud", "illegal_access"]
    assert terms["purpose"] == "investigation" and terms["distribution"] == "partners"


def test_markings_are_the_official_tlp_2_0_definitions_plus_handling_statements(
        client, world, session_factory):
    _records(session_factory, world)
    bundle = _bundle(client, world, "de.analyst")
    definitions = {m["id"]: m for m in _by_type(bundle, "marking-definition")}
    reports = {r["name"]: r for r in _by_type(bundle, "report")}
    assert reports["Loader infrastructure"]["object_marking_refs"] == [
        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]
    assert reports["Undercover contact"]["object_marking_refs"] == [
        "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]
    strict = reports["Mule accounts"]["object_marking_refs"]
    assert strict[0] == "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
    assert definitions[strict[0]]["extensions"][markings.TLP_EXTENSION]["tlp_2_0"] == \
        "amber+strict"
    statements = sorted(definitions[ref]["definition"]["statement"] for ref in strict[1:])
    assert statements == [
        "Not to be used as evidence without the originating agency's consent.",
        "Special handling applies: Ask the prosecutor in Bonn first"]
    # indicators carry their record's markings
    for indicator in _by_type(bundle, "indicator"):
        assert indicator["object_marking_refs"][0] in markings.TLP_BY_ID


def test_the_owner_agency_is_an_identity_located_in_its_country(client, world, session_factory):
    _records(session_factory, world)
    bundle = _bundle(client, world, "de.analyst")
    (identity,) = [i for i in _by_type(bundle, "identity") if i["identity_class"] == "organization"]
    assert identity["name"] == world.de.name
    assert {r["created_by_ref"] for r in _by_type(bundle, "report")} == {identity["id"]}
    (located,) = _by_type(bundle, "relationship")
    (location,) = _by_type(bundle, "location")
    assert (located["source_ref"], located["target_ref"]) == (identity["id"], location["id"])
    assert location["country"] == world.de.country


def test_a_partner_exports_only_what_the_policy_lets_it_see(client, world, session_factory):
    """FR shares with DE under an agreement up to TLP:AMBER for technical indicators and
    financial data; BR has no agreement with DE."""
    _records(session_factory, world)
    fr = _bundle(client, world, "fr.analyst")
    _valid(fr)
    assert [r["name"] for r in _by_type(fr, "report")] == ["Loader infrastructure"]
    text = json.dumps(fr)
    assert "sym777.g@post.cz" not in text and "GB82WEST12345698765432" not in text
    br = _bundle(client, world, "br.analyst")
    _valid(br)
    assert _by_type(br, "report") == [] and _by_type(br, "indicator") == []


def test_ids_are_stable_across_exports(client, world, session_factory):
    _records(session_factory, world)
    first, second = (_bundle(client, world, "de.analyst") for _ in range(2))
    assert first["id"] != second["id"]
    assert [o["id"] for o in first["objects"]] == [o["id"] for o in second["objects"]]
    uuid4_or_5 = re.compile(r"^[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-")
    assert all(uuid4_or_5.match(o["id"]) for o in first["objects"])


def test_filters_narrow_the_export_and_bad_ones_are_refused(client, world, session_factory):
    _records(session_factory, world)
    narrowed = _bundle(client, world, "de.analyst", tlp="amber+strict")
    assert [r["name"] for r in _by_type(narrowed, "report")] == ["Mule accounts"]
    one = _bundle(client, world, "de.analyst", limit=1)
    assert len(_by_type(one, "report")) == 1
    for bad in ({"tlp": "purple"}, {"limit": 0}, {"limit": "many"}):
        response = client.get("/api/v1/stix/bundle", params=bad,
                              headers=world.auth("de.analyst"))
        assert response.status_code == 422, (bad, response.text)
        assert response.json()["error"]["details"], response.text
    assert client.get("/api/v1/stix/bundle").status_code == 401


def test_the_export_is_audited(client, world, session_factory):
    _records(session_factory, world)
    _bundle(client, world, "de.analyst")
    entries = client.get("/api/v1/audit", params={"limit": 200}, headers=world.auth("de.admin"))
    assert entries.status_code == 200, entries.text
    (entry,) = [e for e in entries.json()["items"] if e["action"] == "record.export"]
    details = json.loads(entry["details"])
    assert details["format"] == "stix-2.1" and details["count"] == 3


def test_the_cli_writes_a_valid_bundle(cli, world, session_factory, tmp_path):
    _records(session_factory, world)
    out = tmp_path / "bundle.json"
    result = cli("stix", "export", "--as", "de.analyst", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "3 records" in result.output
    _valid(json.loads(out.read_text()))
