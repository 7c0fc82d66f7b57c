"""The lookup over REST: the asker's client runs the whole protocol through the API, and the
API refuses what the service refuses, in the one error body."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from liaison.accounts import service as accounts
from liaison.api.context import AppContext
from liaison.app import create_app
from liaison.audit.models import AuditEntry
from liaison.config import Settings
from liaison.errors import NotPermitted, TooManyAttempts
from liaison.lookup import client, oprf
from tests import factories as f

from .conftest import observables
from .helpers import sha256s, traces

HELD = [("ipv4", "91.219.236.7"), ("domain", "c2.bad-actor.org")] + sha256s(30)
ASKED = [("ipv4", "91.219.236.7"), ("ipv4", "45.142.212.9")] + sha256s(10, start=25)


@dataclass
class Node:
    http: TestClient
    de: str
    fr: str
    br: str
    tokens: dict[str, str]

    def partner(self, username: str, agency_id: str) -> client.RestPartner:
        return client.RestPartner(self.http, agency_id, self.tokens[username])


@pytest.fixture
def node(database_url: str, session_factory: sessionmaker[Session],
         now: datetime) -> Iterator[Node]:
    with session_factory() as s:
        de, fr, br = (f.agency(s, "DE-CCU"), f.agency(s, "FR-C3N", "FR"),
                      f.agency(s, "BR-CYB", "BR"))
        users = {u: f.user(s, a, u) for u, a in (("de.analyst", de), ("fr.analyst", fr),
                                                 ("br.analyst", br))}
        f.agreement(s, [de, fr])
        f.record(s, users["fr.analyst"], observables=observables(HELD))
        tokens = {name: accounts.issue_token(s, u, "test", 30, now)[0]
                  for name, u in users.items()}
        ids = de.id, fr.id, br.id
        s.commit()
    settings = Settings(database_url=database_url, lookup_max_values_per_day=20)
    app = create_app(AppContext(settings, session_factory, clock=lambda: now))
    with TestClient(app, raise_server_exceptions=False) as http:
        yield Node(http, *ids, tokens)


def test_a_lookup_round_trip_over_the_api(node, session_factory, caplog):
    caplog.set_level(logging.DEBUG)
    outcome = client.ask(node.partner("de.analyst", node.fr), ASKED)
    logged = caplog.text
    assert "/api/v1/lookups/" in logged  # the access log saw the requests...
    for _, value in ASKED:  # ...and nothing of what they asked
        assert value not in logged
    assert set(outcome.hits) == set(ASKED) & set(HELD) and len(outcome.hits) == 6
    assert outcome.partner_values == len(HELD)
    with session_factory() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("lookup.%")).order_by(AuditEntry.seq)))
    assert actions == ["lookup.evaluate", "lookup.answered", "lookup.tokens_served"]


def test_the_request_body_holds_no_value_nor_hash_of_one(node):
    sent: list[bytes] = []

    class Spy:
        def post(self, url, *, json, headers):
            response = node.http.post(url, json=json, headers=headers)
            sent.append(response.request.content)
            return response

        def get(self, url, *, headers):
            response = node.http.get(url, headers=headers)
            sent.append(response.request.content + url.encode())
            return response

    client.ask(client.RestPartner(Spy(), node.fr, node.tokens["de.analyst"]), ASKED)
    wire = b"".join(sent)
    assert wire
    for trace in traces(ASKED):
        assert trace not in wire and base64.b64encode(trace) not in wire
        assert trace.hex().encode() not in wire


def test_the_token_set_is_binary_with_its_epoch(node):
    response = node.http.get(f"/api/v1/lookups/{node.fr}/tokens",
                             headers={"Authorization": f"Bearer {node.tokens['de.analyst']}"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["liaison-key-epoch"] == "1"
    assert int(response.headers["liaison-token-count"]) == len(HELD)
    assert len(response.content) == len(HELD) * oprf.TOKEN_BYTES
    tokens = [response.content[i:i + 8] for i in range(0, len(response.content), 8)]
    assert tokens == sorted(tokens)


def _post(node: Node, username: str, agency_id: str, body: object):
    return node.http.post(f"/api/v1/lookups/{agency_id}/evaluate", json=body,
                          headers={"Authorization": f"Bearer {node.tokens[username]}"})


def test_no_agreement_is_refused(node):
    blinded = base64.b64encode(oprf.blind(ASKED).message).decode()
    response = _post(node, "br.analyst", node.fr, {"blinded": blinded})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_permitted"
    with pytest.raises(NotPermitted):
        client.ask(node.partner("br.analyst", node.fr), ASKED)


def test_bad_input_names_the_field(node):
    for body in ({"blinded": "***"}, {"blinded": base64.b64encode(b"\x01" * 40).decode()},
                 {"blinded": base64.b64encode(b"\xff" * 32).decode()}, {}):
        response = _post(node, "de.analyst", node.fr, body)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"][0]["field"] == "blinded"


def test_without_a_token_nothing_is_answered(node):
    response = node.http.get(f"/api/v1/lookups/{node.fr}/tokens")
    assert response.status_code == 401
    response = node.http.post(f"/api/v1/lookups/{node.fr}/evaluate", json={"blinded": ""})
    assert response.status_code == 401


def test_the_daily_limit_answers_429_with_retry_after(node):
    client.ask(node.partner("de.analyst", node.fr), sha256s(15))
    blinded = base64.b64encode(oprf.blind(sha256s(6)).message).decode()
    response = _post(node, "de.analyst", node.fr, {"blinded": blinded})
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["error"]["code"] == "too_many_requests"
    with pytest.raises(TooManyAttempts):
        client.ask(node.partner("de.analyst", node.fr), sha256s(6))
    assert client.ask(node.partner("de.analyst", node.fr), sha256s(5)).asked == 5
