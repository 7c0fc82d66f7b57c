"""Tokens and users over the API: shown once, hashed, revocable, expiring; admins stay home."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from liaison.accounts import service as accounts
from liaison.models import ApiToken
from tests.factories import PASSWORD


def test_login_for_token_and_me(client, world):
    issued = client.post("/api/v1/auth/token", json={"username": "fr.analyst",
                                                     "password": PASSWORD, "days": 7})
    assert issued.status_code == 201
    token = issued.json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["username"] == "fr.analyst" and me["agency_id"] == world.fr.id
    wrong = client.post("/api/v1/auth/token", json={"username": "fr.analyst",
                                                    "password": "not-the-password"})
    nobody = client.post("/api/v1/auth/token", json={"username": "ghost",
                                                     "password": "not-the-password"})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json() == nobody.json()
    node = world.auth("hub.admin")
    actions = [e["action"] for e in client.get("/api/v1/audit", params={"limit": 200},
                                               headers=node).json()["items"]]
    assert actions.count("login.failed") == 2 and "login" in actions


def test_token_is_stored_hashed_and_can_be_revoked(client, world, session_factory):
    issued = client.post("/api/v1/tokens", json={"name": "script"},
                         headers=world.auth("fr.analyst")).json()
    with session_factory() as s:
        stored = s.scalars(select(ApiToken).where(ApiToken.id == issued["id"])).one()
        assert issued["token"] not in (stored.token_hash, stored.prefix)
    listed = client.get("/api/v1/tokens", headers=world.auth("fr.analyst")).json()
    assert all("token" not in t for t in listed)
    auth = {"Authorization": f"Bearer {issued['token']}"}
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    assert client.delete(f"/api/v1/tokens/{issued['id']}",
                         headers=world.auth("fr.analyst")).status_code == 200
    assert client.get("/api/v1/me", headers=auth).status_code == 401
    # another agency's user cannot revoke it, nor learn that it exists
    assert client.delete(f"/api/v1/tokens/{issued['id']}",
                         headers=world.auth("br.analyst")).status_code == 404


def test_expired_and_malformed_tokens(client, world, session_factory, now):
    with session_factory() as s:
        user = accounts.user_by_username(s, "fr.analyst")
        secret, _ = accounts.issue_token(s, user, "old", 1, now - timedelta(days=2))
        s.commit()
    for header in (f"Bearer {secret}", "Bearer nonsense", "Basic abc", ""):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_agency_admin_manages_only_own_users(client, world):
    new = {"agency_id": world.de.id, "username": "de.investigator", "display_name": "Ina Vest",
           "password": "long-enough-pass", "roles": ["investigator"]}
    created = client.post("/api/v1/users", json=new, headers=world.auth("de.admin"))
    assert created.status_code == 201 and created.json()["roles"] == ["investigator"]
    assert "password" not in created.text and "hash" not in created.text
    foreign = client.post("/api/v1/users", json={**new, "agency_id": world.fr.id,
                                                 "username": "fr.mole"},
                          headers=world.auth("de.admin"))
    assert foreign.status_code == 403
    not_admin = client.post("/api/v1/users", json={**new, "username": "de.other"},
                            headers=world.auth("de.analyst"))
    assert not_admin.status_code == 403
    dup = client.post("/api/v1/users", json=new, headers=world.auth("de.admin"))
    assert dup.status_code == 409
    weak = client.post("/api/v1/users", json={**new, "username": "de.weak", "password": "short"},
                       headers=world.auth("de.admin"))
    assert weak.status_code == 422 and weak.json()["error"]["details"][0]["field"] == "password"
    bad_role = client.post("/api/v1/users", json={**new, "username": "de.x", "roles": ["king"]},
                           headers=world.auth("de.admin"))
    assert bad_role.status_code == 422
    fr_users = client.get(f"/api/v1/agencies/{world.fr.id}/users", headers=world.auth("de.admin"))
    assert fr_users.status_code == 404
    uid = created.json()["id"]
    off = client.patch(f"/api/v1/users/{uid}", json={"active": False},
                       headers=world.auth("de.admin"))
    assert off.status_code == 200 and off.json()["is_active"] is False
    login = client.post("/api/v1/auth/token", json={"username": "de.investigator",
                                                    "password": "long-enough-pass"})
    assert login.status_code == 401


def test_agencies_directory_and_validation(client, world):
    listing = client.get("/api/v1/agencies", params={"country": "FR"},
                         headers=world.auth("de.analyst")).json()
    assert [a["short_name"] for a in listing["items"]] == ["FR-C3N"]
    body = {"name": "Lagos Cybercrime Unit", "short_name": "NG-CCU", "country": "XX",
            "kind": "police", "timezone": "Africa/Lagos"}
    bad_country = client.post("/api/v1/agencies", json=body, headers=world.auth("hub.admin"))
    assert bad_country.status_code == 422
    assert bad_country.json()["error"]["details"][0]["field"] == "country"
    bad_tz = client.post("/api/v1/agencies", json={**body, "country": "NG",
                                                   "timezone": "Mars/Olympus"},
                         headers=world.auth("hub.admin"))
    assert bad_tz.json()["error"]["details"][0]["field"] == "timezone"
    not_node_admin = client.post("/api/v1/agencies", json={**body, "country": "NG"},
                                 headers=world.auth("de.admin"))
    assert not_node_admin.status_code == 403
    ok = client.post("/api/v1/agencies", json={**body, "country": "ng"},
                     headers=world.auth("hub.admin"))
    assert ok.status_code == 201 and ok.json()["country"] == "NG"


def test_agreement_creation_rules(client, world):
    body = {"name": "DE-BR MLA channel", "kind": "bilateral",
            "legal_basis": "Mutual legal assistance treaty", "legal_reference": "ETS 185 Art. 27",
            "member_ids": [world.de.id, world.br.id], "categories": ["technical_indicators"],
            "purposes": ["prosecution"], "max_tlp": "AMBER+STRICT", "retention_days": 730}
    created = client.post("/api/v1/agreements", json=body, headers=world.auth("de.supervisor"))
    assert created.status_code == 201 and created.json()["max_tlp"] == "amber+strict"
    assert client.post("/api/v1/agreements", json={**body, "name": "Other"},
                       headers=world.auth("de.analyst")).status_code == 403
    three = client.post("/api/v1/agreements", json={
        **body, "name": "Three", "member_ids": [world.de.id, world.br.id, world.fr.id]},
        headers=world.auth("de.supervisor"))
    assert three.status_code == 422 and three.json()["error"]["details"][0]["field"] == "member_ids"
    window = client.post("/api/v1/agreements", json={
        **body, "name": "Window", "valid_from": "2027-01-01T00:00:00Z",
        "valid_until": "2026-01-01T00:00:00Z"}, headers=world.auth("de.supervisor"))
    assert window.json()["error"]["details"][0]["field"] == "valid_until"
    not_member = client.post("/api/v1/agreements", json={
        **body, "name": "FR-BR", "member_ids": [world.fr.id, world.br.id]},
        headers=world.auth("de.supervisor"))
    assert not_member.status_code == 403
