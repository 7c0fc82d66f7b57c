"""Login throttling on POST /api/v1/auth/token: lock-outs per user name and per address."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from liaison.api.context import AppContext
from liaison.app import create_app
from liaison.audit import service as audit
from liaison.audit.models import AuditEntry
from liaison.config import Settings
from tests.clock import ManualClock
from tests.factories import PASSWORD

ADDRESS = "203.0.113.9"
WRONG = "not-the-password"


@pytest.fixture
def clock(now: datetime) -> ManualClock:
    return ManualClock(now)


Clients = Callable[..., TestClient]


@pytest.fixture
def clients(database_url: str, session_factory: sessionmaker[Session],
            clock: ManualClock) -> Iterator[Clients]:
    """TestClients from a given address, each on an app with the given settings."""
    with ExitStack() as stack:
        def make(address: str = ADDRESS, **settings: Any) -> TestClient:
            app = create_app(AppContext(Settings(database_url=database_url, **settings),
                                        session_factory, clock=clock))
            return stack.enter_context(TestClient(app, raise_server_exceptions=False,
                                                  client=(address, 50000)))

        yield make


def _login(client: TestClient, username: str, password: str = WRONG) -> Any:
    return client.post("/api/v1/auth/token", json={"username": username, "password": password})


def _fail(client: TestClient, username: str, times: int) -> list[int]:
    return [_login(client, username).status_code for _ in range(times)]


def _actions(factory: sessionmaker[Session], action: str) -> list[AuditEntry]:
    with factory() as session:
        return audit.entries(session, AuditEntry.action == action, limit=500)[0]


def test_five_failures_lock_the_user_name_even_against_the_right_password(
        clients: Clients, world: Any, session_factory: sessionmaker[Session]) -> None:
    api = clients()
    assert _fail(api, "fr.analyst", 4) == [401] * 4
    fifth = _login(api, "fr.analyst")
    assert fifth.status_code == 429
    assert fifth.headers["retry-after"] == "900"
    assert fifth.json() == {"error": {
        "code": "too_many_requests",
        "message": "Too many failed log-ins for this user name. Try again in 15 minutes.",
        "details": []}}
    right = _login(api, "fr.analyst", PASSWORD)
    assert right.status_code == 429 and right.json() == fifth.json()
    assert "token" not in right.text
    assert len(_actions(session_factory, "login.failed")) == 5  # a refusal is not a failure
    locked = _actions(session_factory, "login.locked")
    assert [(e.object_type, e.object_id) for e in locked] == [("user", world.fr_analyst.id)]
    assert _actions(session_factory, "login") == []
    other = _login(api, "de.analyst", PASSWORD)
    assert other.status_code == 201, "other users from the same address are unaffected"


def test_unknown_user_names_are_counted_and_answered_alike(clients: Clients,
                                                          world: Any) -> None:
    real, ghost = clients("198.51.100.1"), clients("198.51.100.2")
    assert _fail(real, "fr.analyst", 4) == _fail(ghost, "ghost.analyst", 4) == [401] * 4
    answers = [(_login(real, "fr.analyst"), _login(ghost, "ghost.analyst")),
               (_login(real, "fr.analyst", PASSWORD), _login(ghost, "ghost.analyst", PASSWORD))]
    for known, unknown in answers:
        assert known.status_code == unknown.status_code == 429
        assert known.json() == unknown.json()
        assert known.headers["retry-after"] == unknown.headers["retry-after"]


def test_user_names_are_counted_as_they_are_looked_up(clients: Clients, world: Any) -> None:
    api = clients()
    for name in ("fr.analyst", " FR.Analyst", "Fr.ANALYST ", "fr.analyst", "FR.ANALYST"):
        _login(api, name)
    assert _login(api, "fr.analyst", PASSWORD).status_code == 429


def test_a_success_clears_the_user_names_count(clients: Clients, world: Any) -> None:
    api = clients()
    assert _fail(api, "fr.analyst", 4) == [401] * 4
    assert _login(api, "fr.analyst", PASSWORD).status_code == 201
    assert _fail(api, "fr.analyst", 4) == [401] * 4
    assert _login(api, "fr.analyst").status_code == 429


def test_the_lock_out_ends_after_its_cool_down(clients: Clients, world: Any,
                                               clock: ManualClock) -> None:
    api = clients()
    _fail(api, "fr.analyst", 5)
    clock.advance(minutes=14, seconds=30)
    almost = _login(api, "fr.analyst", PASSWORD)
    assert almost.status_code == 429 and almost.headers["retry-after"] == "30"
    assert "Try again in 1 minute." in almost.json()["error"]["message"]
    clock.advance(seconds=30)
    assert _fail(api, "fr.analyst", 4) == [401] * 4, "the count starts afresh"
    assert _login(api, "fr.analyst", PASSWORD).status_code == 201


def test_failures_further_apart_than_the_window_do_not_add_up(clients: Clients, world: Any,
                                                             clock: ManualClock) -> None:
    api = clients()
    assert _fail(api, "fr.analyst", 4) == [401] * 4
    clock.advance(minutes=15)
    assert _fail(api, "fr.analyst", 4) == [401] * 4
    assert _login(api, "fr.analyst").status_code == 429


def test_limits_come_from_the_settings(clients: Clients, world: Any,
                                      clock: ManualClock) -> None:
    api = clients(login_max_failures=2, login_lockout_minutes=60)
    assert _fail(api, "fr.analyst", 2) == [401, 429]
    clock.advance(minutes=59)
    assert _login(api, "fr.analyst", PASSWORD).headers["retry-after"] == "60"


def test_too_many_failures_from_one_address_lock_the_address(
        clients: Clients, world: Any, session_factory: sessionmaker[Session]) -> None:
    busy = clients(login_max_failures_per_ip=6)
    elsewhere = clients("198.51.100.7", login_max_failures_per_ip=6)
    statuses = [_login(busy, f"guess{n}").status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]
    refused = _login(busy, "fr.analyst", PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["error"]["message"] == (
        "Too many failed log-ins from your network address. Try again in 15 minutes.")
    assert refused.headers["retry-after"] == "900"
    assert _login(elsewhere, "fr.analyst", PASSWORD).status_code == 201
    assert _login(busy, "fr.analyst", PASSWORD).status_code == 429, (
        "a success elsewhere does not clear the address")
    locked = _actions(session_factory, "login.locked")
    assert [(e.object_type, e.object_id) for e in locked] == [("client", ADDRESS)]


def test_the_address_limit_can_be_switched_off(clients: Clients, world: Any) -> None:
    api = clients(login_max_failures_per_ip=0)
    assert {_login(api, f"guess{n}").status_code for n in range(60)} == {401}
    assert _login(api, "fr.analyst", PASSWORD).status_code == 201


def test_bad_input_is_refused_before_counting(clients: Clients, world: Any) -> None:
    api = clients(login_max_failures=1)
    for body in ({"username": "fr.analyst"}, {"username": "x" * 65, "password": WRONG},
                 {"username": "", "password": WRONG}):
        response = api.post("/api/v1/auth/token", json=body)
        assert response.status_code == 422
    assert _login(api, "fr.analyst", PASSWORD).status_code == 201
