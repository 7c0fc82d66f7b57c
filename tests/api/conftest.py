from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from liaison.accounts import service as accounts
from liaison.api.context import AppContext
from liaison.app import create_app
from liaison.config import Settings
from liaison.models import Agency, Agreement, User
from tests import factories as f


@pytest.fixture
def client(database_url: str, session_factory: sessionmaker[Session],
           now: datetime) -> Iterator[TestClient]:
    app = create_app(AppContext(Settings(database_url=database_url), session_factory,
                                clock=lambda: now))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@dataclass
class World:
    """Three agencies: DE and FR share under an agreement, BR has none with either."""

    de: Agency
    fr: Agency
    br: Agency
    de_analyst: User
    de_supervisor: User
    de_admin: User
    fr_analyst: User
    br_analyst: User
    node_admin: User
    pact: Agreement
    tokens: dict[str, str]

    def auth(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[username]}"}


@pytest.fixture
def world(session_factory: sessionmaker[Session], now: datetime) -> World:
    with session_factory() as s:
        de, fr, br = f.agency(s, "DE-CCU"), f.agency(s, "FR-C3N", "FR"), f.agency(s, "BR-CYB", "BR")
        hub = f.agency(s, "HUB", "NL", kind="coordination_body")
        users = {
            "de.analyst": f.user(s, de, "de.analyst"),
            "de.supervisor": f.user(s, de, "de.supervisor", ["supervisor"]),
            "de.admin": f.user(s, de, "de.admin", ["admin"]),
            "fr.analyst": f.user(s, fr, "fr.analyst"),
            "br.analyst": f.user(s, br, "br.analyst"),
            "hub.admin": f.user(s, hub, "hub.admin", ["admin"], node_admin=True),
        }
        pact = f.agreement(s, [de, fr], categories=["technical_indicators", "financial_data"],
                           purposes=["investigation", "intelligence"], max_tlp="amber")
        tokens = {name: accounts.issue_token(s, u, "test", 30, now)[0]
                  for name, u in users.items()}
        s.commit()
        return World(de, fr, br, users["de.analyst"], users["de.supervisor"], users["de.admin"],
                     users["fr.analyst"], users["br.analyst"], users["hub.admin"], pact, tokens)
