"""Campaigns over the API and the CLI: round trips, paging, and nothing hidden leaking."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from liaison.campaigns.graph import campaign_id

from .conftest import World
from .world import SECRET_MD5, seed


def test_api_lists_and_shows_without_leaking(client: TestClient, world: World,
                                             session_factory: sessionmaker[Session]) -> None:
    ids = seed(session_factory, world, noisy=False)
    listed = client.get("/api/v1/campaigns", headers=world.auth("de.analyst"))
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["total"] == 2 and body["next_offset"] is None
    assert [(c["size"], c["visible"], c["hidden"]) for c in body["items"]] == [(3, 2, 1),
                                                                              (3, 2, 1)]
    assert body["items"][0]["holders"] == [{
        "id": world.br.id, "name": "BR-CYB Cyber Unit", "country": "BR",
        "note": "holds matching information"}]
    paged = client.get("/api/v1/campaigns", params={"limit": 1, "offset": 1},
                       headers=world.auth("de.analyst")).json()
    assert [c["id"] for c in paged["items"]] == [body["items"][1]["id"]]

    alpha = campaign_id(min(ids.de_alpha, ids.fr_alpha, ids.br_alpha))
    shown = client.get(f"/api/v1/campaigns/{alpha}", headers=world.auth("de.analyst"))
    assert shown.status_code == 200, shown.text
    view = shown.json()
    assert {r["id"] for r in view["records"]} == {ids.de_alpha, ids.fr_alpha}
    assert {(v["type"], v["value"]) for v in view["shared"]} == {("domain", "alpha-panel.top")}
    assert view["countries"] == [{"country": "BR", "records": 0, "hidden": 1},
                                 {"country": "DE", "records": 1, "hidden": 0},
                                 {"country": "FR", "records": 1, "hidden": 0}]
    for secret in (ids.br_alpha, "BR secret alpha", SECRET_MD5, ids.br_covert, "covert"):
        assert secret not in shown.text and secret not in listed.text

    gamma = campaign_id(min(ids.de_lone, ids.br_covert, ids.br_only_a, ids.br_only_b))
    for wanted in (gamma, "cmp-nothing"):
        missing = client.get(f"/api/v1/campaigns/{wanted}", headers=world.auth("de.analyst"))
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/campaigns/{gamma}",
                      headers=world.auth("br.analyst")).json()["visible"] == 3
    assert client.get("/api/v1/campaigns").status_code == 401


def test_cli_round_trip(cli, world: World, session_factory: sessionmaker[Session]) -> None:
    ids = seed(session_factory, world, noisy=False)
    listed = cli("campaign", "list", "--as", "fr.analyst", "--json")
    assert listed.exit_code == 0, listed.output
    items = json.loads(listed.output)["items"]
    assert len(items) == 2 and all(c["hidden"] == 1 for c in items)
    beta = campaign_id(min(ids.de_beta, ids.fr_beta, ids.br_beta))
    shown = cli("campaign", "show", beta, "--as", "fr.analyst", "--json")
    assert shown.exit_code == 0, shown.output
    view = json.loads(shown.output)
    assert {r["id"] for r in view["records"]} == {ids.de_beta, ids.fr_beta}
    assert {(v["type"], v["value"], v["also_hidden"]) for v in view["shared"]} == {
        ("ipv4", "45.155.205.10", True)}  # BR's network holds it: counted, not shown

    table = cli("campaign", "show", beta, "--as", "fr.analyst")
    assert table.exit_code == 0, table.output
    assert "BR-CYB Cyber Unit (BR)" in table.output and "holds matching information" in table.output
    assert "BR secret" not in table.output
    assert beta in cli("campaign", "list", "--as", "fr.analyst").output
    missing = cli("campaign", "show", "cmp-nothing", "--as", "fr.analyst")
    assert missing.exit_code == 3 and "No such campaign" in missing.output
