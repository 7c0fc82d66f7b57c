"""No endpoint reveals a record its caller may not see: not by list, get, search, count,
export, error body, nor by answering 403 where a stranger would get 404."""

from __future__ import annotations

import uuid

SECRET = {
    "title": "Undercover access to Hydra-style market admin",
    "summary": "Source reporting on the market administrator.",
    "offences": ["illegal_access"],
    "tlp": "amber",
    "distribution": "partners",
    "categories": ["technical_indicators"],
    "purpose": "investigation",
    "observables": [{"type": "btc_address", "value": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"}],
}


def test_outsider_learns_nothing(client, world):
    rid = client.post("/api/v1/records", json=SECRET, headers=world.auth("de.analyst")).json()["id"]
    insider, outsider = world.auth("fr.analyst"), world.auth("br.analyst")
    assert client.get(f"/api/v1/records/{rid}", headers=insider).status_code == 200

    listing = client.get("/api/v1/records", headers=outsider).json()
    assert listing["total"] == 0 and listing["items"] == []
    for params in ({"q": "Hydra"}, {"observable_value": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
                   {"observable_type": "btc_address"}, {"owner_id": world.de.id},
                   {"offence": "illegal_access"}):
        assert client.get("/api/v1/records", params=params, headers=outsider).json()["total"] == 0
        assert client.get("/api/v1/records/count", params=params,
                          headers=outsider).json() == {"count": 0}
    assert client.get("/api/v1/records/export", headers=outsider).json()["count"] == 0

    hidden = client.get(f"/api/v1/records/{rid}", headers=outsider)
    missing = client.get(f"/api/v1/records/{uuid.uuid4()}", headers=outsider)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert rid not in hidden.text and "Hydra" not in hidden.text

    # changing someone else's hidden record: the same 404 as a missing one, never a 403
    patch_hidden = client.patch(f"/api/v1/records/{rid}", json={"title": "Taken over"},
                                headers=outsider)
    patch_missing = client.patch(f"/api/v1/records/{uuid.uuid4()}", json={"title": "Taken over"},
                                 headers=outsider)
    assert patch_hidden.status_code == patch_missing.status_code == 404
    assert patch_hidden.json() == patch_missing.json()
    # invalid input on a hidden record still does not confirm that it exists
    bad_hidden = client.patch(f"/api/v1/records/{rid}", json={"tlp": "purple"}, headers=outsider)
    bad_missing = client.patch(f"/api/v1/records/{uuid.uuid4()}", json={"tlp": "purple"},
                               headers=outsider)
    assert bad_hidden.status_code == bad_missing.status_code
    assert bad_hidden.json() == bad_missing.json()


def test_agreements_of_others_are_not_shown(client, world):
    outsider = world.auth("br.analyst")
    assert client.get("/api/v1/agreements", headers=outsider).json()["total"] == 0
    hidden = client.get(f"/api/v1/agreements/{world.pact.id}", headers=outsider)
    missing = client.get(f"/api/v1/agreements/{uuid.uuid4()}", headers=outsider)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    suspend = client.post(f"/api/v1/agreements/{world.pact.id}/suspend",
                          json={"reason": "hostile"}, headers=outsider)
    assert suspend.status_code == 404


def test_red_is_for_named_recipients_only(client, world):
    body = {**SECRET, "tlp": "red", "distribution": "agencies", "recipient_ids": [world.fr.id],
            "title": "Imminent takedown of the botnet C2"}
    # the pact carries at most AMBER, so even the named FR does not see it
    rid = client.post("/api/v1/records", json=body, headers=world.auth("de.analyst")).json()["id"]
    for who in ("fr.analyst", "br.analyst"):
        assert client.get(f"/api/v1/records/{rid}", headers=world.auth(who)).status_code == 404
        assert client.get("/api/v1/records/count", headers=world.auth(who)).json()["count"] == 0
