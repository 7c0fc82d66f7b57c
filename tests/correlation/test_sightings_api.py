"""Sightings over REST and on the command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests import factories as f

from .conftest import World

BODY = {"type": "url", "value": "hxxps://Login.Bank-Verify[.]top/kit/index.php",
        "first_seen": "2026-11-27T08:00:00Z", "last_seen": "2026-11-28T20:30:00+01:00",
        "count": 4, "country": "de", "source": "Mail gateway of a regional bank"}


def _held(session_factory: sessionmaker[Session], world: World) -> str:
    with session_factory() as s:
        record = f.record(s, s.merge(world.fr_analyst), title="Kit", observables=[
            {"type": "url", "value": "https://login.bank-verify.top/kit/index.php"}])
        s.commit()
        return record.id


def test_report_then_list_round_trip(client: TestClient, world: World, session_factory):
    held = _held(session_factory, world)
    made = client.post("/api/v1/sightings", json=BODY, headers=world.auth("de.analyst"))
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["value"] == "https://login.bank-verify.top/kit/index.php"
    assert body["country"] == "DE" and body["count"] == 4
    assert body["last_seen"].startswith("2026-11-28T19:30:00")
    assert body["agency"]["short_name"] == "DE-CCU" and body["held_by"] == []

    inbox = client.get("/api/v1/sightings", headers=world.auth("fr.analyst")).json()
    assert inbox["total"] == 1 and inbox["next_offset"] is None
    assert inbox["items"][0]["id"] == body["id"]
    assert inbox["items"][0]["held_by"] == [{"id": held, "title": "Kit"}]

    one = client.get("/api/v1/sightings", params={"type": "url", "value": BODY["value"]},
                     headers=world.auth("de.analyst")).json()
    assert [i["id"] for i in one["items"]] == [body["id"]]
    hidden = client.get("/api/v1/sightings", params={"type": "url", "value": BODY["value"]},
                        headers=world.auth("br.analyst")).json()
    assert hidden["total"] == 0 and hidden["items"] == []
    assert client.get("/api/v1/sightings", headers=world.auth("br.analyst")).json()["total"] == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"value": "not a url"}, "value"),
    ({"country": "XX"}, "country"),
    ({"first_seen": "2026-11-29T08:00:00Z"}, "first_seen"),  # after last_seen
    ({"last_seen": "2026-12-01T00:00:00Z"}, "last_seen"),  # the future
    ({"count": 0}, "count"),
    ({"colour": "red"}, "colour"),
])
def test_bad_input_is_422_naming_the_field(client: TestClient, world: World, change, field):
    answer = client.post("/api/v1/sightings", json=BODY | change,
                         headers=world.auth("de.analyst"))
    assert answer.status_code == 422, answer.text
    assert field in [d["field"] for d in answer.json()["error"]["details"]]


def test_listing_needs_both_type_and_value_and_credentials(client: TestClient, world: World):
    half = client.get("/api/v1/sightings", params={"type": "url"},
                      headers=world.auth("de.analyst"))
    assert half.status_code == 422 and half.json()["error"]["details"][0]["field"] == "value"
    assert client.get("/api/v1/sightings").status_code == 401
    denied = client.post("/api/v1/sightings", json=BODY, headers=world.auth("de.admin"))
    assert denied.status_code == 403


def test_cli_round_trip(cli, world: World, session_factory):
    held = _held(session_factory, world)
    seen = datetime.now(UTC) - timedelta(days=3)  # the CLI runs on the real clock
    until = seen + timedelta(hours=2)
    out = cli("sighting", "report", "--as", "de.analyst", "domain", "login.bank-verify[.]top",
              "--first-seen", seen.isoformat(), "--last-seen", until.isoformat(),
              "--count", "3", "--country", "NL", "--source", "Sinkhole")
    assert out.exit_code == 0, out.output
    assert "login.bank-verify.top" in out.output
    listed = cli("sighting", "list", "--as", "fr.analyst", "--json")
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    assert data["total"] == 1 and data["items"][0]["country"] == "NL"
    assert data["items"][0]["held_by"][0]["id"] == held
    table = cli("sighting", "list", "--as", "fr.analyst")
    assert table.exit_code == 0 and "DE-CCU" in table.output
    bad = cli("sighting", "report", "--as", "de.analyst", "domain", "not a domain",
              "--first-seen", seen.isoformat())
    assert bad.exit_code == 2 and "value" in bad.output
