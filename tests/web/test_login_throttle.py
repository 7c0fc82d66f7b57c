"""Login throttling in the console: the form comes back with 429, the message and Retry-After,
and the console and the API count the same failures."""

from __future__ import annotations

from collections.abc import Iterator
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
from tests.web.test_views import login
from tests.web.world import PASSWORD, World

WRONG = "wrong password!"
LOCKED = "Too many failed log-ins for this user name. Try again in 15 minutes."


@pytest.fixture
def clock(now: datetime) -> ManualClock:
    return ManualClock(now)


def _client(database_url: str, factory: sessionmaker[Session], clock: ManualClock,
            address: str = "203.0.113.9", **settings: object) -> TestClient:
    app = create_app(AppContext(Settings(database_url=database_url, **settings), factory,
                                clock=clock))
    return TestClient(app, follow_redirects=False, client=(address, 50000))


@pytest.fixture
def client(database_url: str, session_factory: sessionmaker[Session],
           clock: ManualClock) -> Iterator[TestClient]:
    with _client(database_url, session_factory, clock) as c:
        yield c


def _signed_in(response: Any) -> bool:
    return any(c.startswith("liaison_session=") for c in response.headers.get_list("set-cookie"))


def test_five_failures_give_the_form_back_locked(client: TestClient, world: World,
                                                 session_factory: sessionmaker[Session]) -> None:
    assert [login(client, "bob", WRONG).status_code for _ in range(4)] == [401] * 4
    fifth = login(client, "bob", WRONG)
    right = login(client, "bob", PASSWORD)
    for response in (fifth, right):
        assert response.status_code == 429
        assert response.headers["retry-after"] == "900"
        assert "text/html" in response.headers["content-type"]
        assert LOCKED in response.text
        assert 'value="bob"' in response.text and 'name="csrf_token"' in response.text
        assert not _signed_in(response)
    assert client.get("/").status_code == 303
    with session_factory() as session:
        assert len(audit.entries(session, AuditEntry.action == "login.failed")[0]) == 5
        assert len(audit.entries(session, AuditEntry.action == "login.locked")[0]) == 1


def test_an_unknown_user_name_is_locked_the_same_way(client: TestClient, world: World) -> None:
    answers = {}
    for name in ("bob", "nobody"):
        statuses = [login(client, name, WRONG).status_code for _ in range(5)]
        refused = login(client, name, PASSWORD)
        answers[name] = (statuses, refused.status_code, refused.headers["retry-after"],
                         refused.text.replace(f'value="{name}"', ""))
    assert answers["bob"] == answers["nobody"]
    assert answers["bob"][:2] == ([401] * 4 + [429], 429)


def test_a_success_clears_the_count(client: TestClient, world: World) -> None:
    assert [login(client, "bob", WRONG).status_code for _ in range(4)] == [401] * 4
    assert login(client, "bob").status_code == 303
    client.cookies.clear()
    assert [login(client, "bob", WRONG).status_code for _ in range(4)] == [401] * 4


def test_the_lock_out_ends_after_its_cool_down(client: TestClient, world: World,
                                               clock: ManualClock) -> None:
    for _ in range(5):
        login(client, "bob", WRONG)
    clock.advance(minutes=10)
    waiting = login(client, "bob")
    assert waiting.status_code == 429 and "Try again in 5 minutes." in waiting.text
    clock.advance(minutes=5)
    assert login(client, "bob").status_code == 303


def test_the_console_and_the_api_share_the_count(client: TestClient, world: World) -> None:
    for _ in range(5):
        client.post("/api/v1/auth/token", json={"username": "bob", "password": WRONG})
    assert login(client, "bob").status_code == 429


def test_too_many_failures_from_one_address_lock_it(
        database_url: str, session_factory: sessionmaker[Session], clock: ManualClock,
        world: World) -> None:
    with _client(database_url, session_factory, clock, login_max_failures_per_ip=3) as busy, \
            _client(database_url, session_factory, clock, "198.51.100.7",
                    login_max_failures_per_ip=3) as elsewhere:
        assert [login(busy, f"guess{n}", WRONG).status_code for n in range(3)] == [401, 401, 429]
        refused = login(busy, "alice")
        assert refused.status_code == 429
        assert "from your network address" in refused.text
        assert login(elsewhere, "alice").status_code == 303
