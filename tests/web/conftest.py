from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from liaison.api.context import AppContext
from liaison.app import create_app
from liaison.config import Settings
from tests.web.world import World, build


@pytest.fixture
def world(session_factory: sessionmaker[Session], now: datetime) -> World:
    return build(session_factory, now)


@pytest.fixture
def app(database_url: str, session_factory: sessionmaker[Session], now: datetime) -> FastAPI:
    settings = Settings(database_url=database_url)
    return create_app(AppContext(settings, session_factory, clock=lambda: now))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as c:
        yield c
