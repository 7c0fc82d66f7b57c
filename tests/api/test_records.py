"""Records over the API: the happy path, and bad input refused whole with field messages."""

from __future__ import annotations

from sqlalchemy import func, select

from liaison.models import AuditEntry, Record

RECORD = {
    "title": "LockBit affiliate infrastructure",
    "summary": "Affiliate panel and exfiltration server seen in three incidents.",
    "offences": ["data_interference", "system_interference"],
    "tlp": "amber",
    "distribution": "partners",
    "categories": ["technical_indicators"],
    "purpose": "investigation",
    "source_reliability": "B",
    "information_credibility": 2,
    "observables": [
        {"type": "ipv4", "value": "185.220.101.4"},
        {"type": "domain", "value": "Exfil-Drop.EXAMPLE.org."},
        {"type": "sha256", "value": "A" * 64},
    ],
}


def _count(session_factory, model) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_create_read_list_count_export(client, world):
    created = client.post("/api/v1/records", json=RECORD, headers=world.auth("de.analyst"))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["tlp"] == "amber" and body["owner"]["short_name"] == "DE-CCU"
    assert {(o["type"], o["value"]) for o in body["observables"]} == {
        ("ipv4", "185.220.101.4"), ("domain", "exfil-drop.example.org"), ("sha256", "a" * 64)}
    assert body["visibility"]["rule"] == "owner"

    seen = client.get(f"/api/v1/records/{body['id']}", headers=world.auth("fr.analyst")).json()
    assert seen["visibility"]["rule"] == "agreement"
    assert world.pact.name in seen["visibility"]["reason"]

    listing = client.get("/api/v1/records", headers=world.auth("fr.analyst")).json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == body["id"]
    assert listing["next_offset"] is None
    by_value = client.get("/api/v1/records", params={"observable_type": "ipv4",
                                                     "observable_value": "185.220.101.4"},
                          headers=world.auth("fr.analyst")).json()
    assert by_value["total"] == 1
    count = client.get("/api/v1/records/count", params={"tlp": "amber"},
                       headers=world.auth("fr.analyst"))
    assert count.json() == {"count": 1}
    export = client.get("/api/v1/records/export", headers=world.auth("fr.analyst")).json()
    assert export["count"] == 1 and export["records"][0]["observables"]


def test_paging(client, world):
    for i in range(5):
        r = client.post("/api/v1/records", json={**RECORD, "title": f"Report number {i}"},
                        headers=world.auth("de.analyst"))
        assert r.status_code == 201
    page = client.get("/api/v1/records", params={"limit": 2, "offset": 2},
                      headers=world.auth("fr.analyst")).json()
    assert page["total"] == 5 and len(page["items"]) == 2 and page["next_offset"] == 4
    bad = client.get("/api/v1/records", params={"limit": 0}, headers=world.auth("fr.analyst"))
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "query.limit"


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"]
    return error


def _fields(error: dict) -> set[str]:
    return {d["field"] for d in error["details"]}


def test_bad_input_names_the_field_and_writes_nothing(client, world, session_factory):
    auth = world.auth("de.analyst")
    records, entries = _count(session_factory, Record), _count(session_factory, AuditEntry)
    cases = [
        ({**RECORD, "tlp": "purple"}, "tlp"),
        ({**RECORD, "distribution": "friends"}, "distribution"),
        ({**RECORD, "offences": ["jaywalking"]}, "offences.0"),
        ({**RECORD, "title": "x" * 301}, "title"),
        ({**RECORD, "summary": "x" * 20001}, "summary"),
        ({**RECORD, "observables": [{"type": "ipv4", "value": "300.1.1.1"}]}, "observables.0"),
        ({**RECORD, "observables": [{"type": "car", "value": "x"}]}, "observables.0.type"),
        ({**RECORD, "tlp": "clear", "categories": ["personal_data"]}, "tlp"),
        ({**RECORD, "tlp": "red"}, "distribution"),
        ({**RECORD, "distribution": "agencies"}, "recipient_ids"),
        ({**RECORD, "colour": "blue"}, "colour"),
        ({**RECORD, "information_credibility": 9}, "information_credibility"),
        ({**RECORD, "expires_at": "2020-01-01T00:00:00Z"}, "expires_at"),
        ({**RECORD, "distribution": "agencies", "recipient_ids": ["no-such-agency"]},
         "recipient_ids"),
        ({**RECORD, "distribution": "agreement", "distribution_agreement_id": "nope"},
         "distribution_agreement_id"),
    ]
    for body, field in cases:
        error = _error(client.post("/api/v1/records", json=body, headers=auth), 422)
        assert field in _fields(error), (field, error)
    malformed = client.post("/api/v1/records", content=b'{"title": ', headers={
        **auth, "content-type": "application/json"})
    assert malformed.status_code == 422 and "JSON" in malformed.json()["error"]["message"]
    huge = client.post("/api/v1/records", content=b"x" * (5 * 1024 * 1024), headers={
        **auth, "content-type": "application/json"})
    assert _error(huge, 413)["code"] == "too_large"
    assert _count(session_factory, Record) == records
    assert _count(session_factory, AuditEntry) == entries


def test_update_checks_markings_and_ownership(client, world):
    rid = client.post("/api/v1/records", json=RECORD, headers=world.auth("de.analyst")).json()["id"]
    ok = client.patch(f"/api/v1/records/{rid}", json={"tlp": "green"},
                      headers=world.auth("de.analyst"))
    assert ok.status_code == 200 and ok.json()["tlp"] == "green"
    bad = client.patch(f"/api/v1/records/{rid}", json={"categories": ["personal_data"],
                                                        "tlp": "clear"},
                       headers=world.auth("de.analyst"))
    assert "tlp" in _fields(_error(bad, 422))
    # FR sees the record but may not change it: 403, not 404
    other = client.patch(f"/api/v1/records/{rid}", json={"title": "Mine now"},
                         headers=world.auth("fr.analyst"))
    assert _error(other, 403)["code"] == "not_permitted"
    # a supervisor of the owner may edit a colleague's record
    sup = client.patch(f"/api/v1/records/{rid}", json={"title": "Reviewed report"},
                       headers=world.auth("de.supervisor"))
    assert sup.status_code == 200


def test_suspending_the_agreement_hides_at_once(client, world):
    rid = client.post("/api/v1/records", json=RECORD, headers=world.auth("de.analyst")).json()["id"]
    assert client.get(f"/api/v1/records/{rid}", headers=world.auth("fr.analyst")).status_code == 200
    suspended = client.post(f"/api/v1/agreements/{world.pact.id}/suspend",
                            json={"reason": "Data protection review"},
                            headers=world.auth("de.supervisor"))
    assert suspended.status_code == 200 and suspended.json()["in_force"] is False
    assert client.get(f"/api/v1/records/{rid}", headers=world.auth("fr.analyst")).status_code == 404
    assert client.get("/api/v1/records/count", headers=world.auth("fr.analyst")).json() == {
        "count": 0}
