"""Looking up a value and a record's related records, always through the sharing policy."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from liaison.correlation import service
from tests import factories as f

from .conftest import World


def _seed(session_factory: sessionmaker[Session], world: World) -> dict[str, str]:
    with session_factory() as s:
        de = s.merge(world.de_analyst)
        fr = s.merge(world.fr_analyst)
        br = s.merge(world.br_analyst)
        ids = {
            # FR's kit page: DE sees it under the pact
            "fr_url": f.record(s, fr, title="Kit page", observables=[
                {"type": "url", "value": "hxxps://Login.Bank-Verify[.]top/kit/index.php"}]).id,
            # BR shares with nobody DE is bound to: hidden from DE
            "br_domain": f.record(s, br, title="BR domain", observables=[
                {"type": "domain", "value": "bank-verify.top"}]).id,
            "de_own": f.record(s, de, title="DE domain", observables=[
                {"type": "domain", "value": "login.bank-verify.top"},
                {"type": "cidr", "value": "185.220.101.0/24"}]).id,
            "fr_ip": f.record(s, fr, title="FR address", observables=[
                {"type": "ipv4", "value": "185.220.101.23"}]).id,
        }
        s.commit()
        return ids


def test_lookup_follows_implied_values_and_the_policy(
    client: TestClient, world: World, session_factory: sessionmaker[Session]
) -> None:
    ids = _seed(session_factory, world)
    found = client.get("/api/v1/correlations", params={"type": "domain",
                       "value": "bank-verify[.]top"}, headers=world.auth("de.analyst"))
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["value"] == "bank-verify.top" and not body["over_correlating"]
    # FR's URL and DE's subdomain imply it; BR's record holding it is hidden from DE
    assert {r["id"] for r in body["records"]} == {ids["fr_url"], ids["de_own"]}

    # an address finds the network holding it; the network finds the address
    by_ip = client.get("/api/v1/correlations", params={"type": "ipv4", "value": "185.220.101.23"},
                       headers=world.auth("de.analyst")).json()
    assert {r["id"] for r in by_ip["records"]} == {ids["de_own"], ids["fr_ip"]}
    assert {"type": "cidr", "value": "185.220.101.0/24", "via": "network"} in by_ip["keys"]
    by_net = client.get("/api/v1/correlations", params={"type": "cidr",
                        "value": "185.220.101.7/24"}, headers=world.auth("de.analyst")).json()
    assert by_net["value"] == "185.220.101.0/24"
    assert {r["id"] for r in by_net["records"]} == {ids["de_own"], ids["fr_ip"]}

    # BR sees only its own record holding the domain
    br = client.get("/api/v1/correlations", params={"type": "domain", "value": "bank-verify.top"},
                    headers=world.auth("br.analyst")).json()
    assert {r["id"] for r in br["records"]} == {ids["br_domain"]}


def test_related_records_and_bad_input(
    client: TestClient, world: World, session_factory: sessionmaker[Session]
) -> None:
    ids = _seed(session_factory, world)
    related = client.get(f"/api/v1/records/{ids['de_own']}/related",
                         headers=world.auth("de.analyst"))
    assert related.status_code == 200, related.text
    by_value = {r["observable_value"]: {x["id"] for x in r["records"]} for r in related.json()}
    assert by_value == {"login.bank-verify.top": {ids["fr_url"]},
                        "185.220.101.0/24": {ids["fr_ip"]}}

    hidden = client.get(f"/api/v1/records/{ids['br_domain']}/related",
                        headers=world.auth("de.analyst"))
    assert hidden.status_code == 404
    bad = client.get("/api/v1/correlations", params={"type": "ipv4", "value": "999.1.1.1"},
                     headers=world.auth("de.analyst"))
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "value"
    unknown = client.get("/api/v1/correlations", params={"type": "colour", "value": "x"},
                         headers=world.auth("de.analyst"))
    assert unknown.status_code == 422


def test_over_correlating_values_link_nothing(
    world: World, session_factory: sessionmaker[Session], now
) -> None:
    with session_factory() as s:
        fr = s.merge(world.fr_analyst)
        for n in range(4):
            f.record(s, fr, title=f"Spam wave {n}", observables=[
                {"type": "email", "value": "billing@invoices-desk.top"}])
        s.flush()
        found = service.lookup(s, world.de.id, now, "email", "billing@invoices-desk.top",
                               limit=3)
        assert found.over_correlating and found.records == [] and found.holders == 4
        found = service.lookup(s, world.de.id, now, "email", "billing@invoices-desk.top",
                               limit=10)
        assert not found.over_correlating and len(found.records) == 4


def test_warninglisted_values_say_why_and_link_nothing(
    client: TestClient, world: World, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s:
        fr = s.merge(world.fr_analyst)
        f.record(s, fr, title="Lure on a big site", observables=[
            {"type": "url", "value": "https://docs.google.com/forms/d/e/1FAIpQL/viewform"},
            {"type": "ipv4", "value": "10.20.30.40"}])
        s.commit()
    private = client.get("/api/v1/correlations", params={"type": "ipv4", "value": "10.20.30.40"},
                         headers=world.auth("de.analyst")).json()
    assert private["records"] == []
    assert private["warninglisted"][0]["key"]["via"] == "value"
    assert "rfc1918" in {w["list_name"] for w in private["warninglisted"]}

    # the URL itself still correlates; its popular registrable domain is not followed
    url = client.get("/api/v1/correlations", params={
        "type": "url", "value": "https://docs.google.com/forms/d/e/1FAIpQL/viewform"},
        headers=world.auth("de.analyst")).json()
    assert len(url["records"]) == 1
    assert {(w["key"]["value"], w["key"]["via"]) for w in url["warninglisted"]} >= {
        ("google.com", "link")}
