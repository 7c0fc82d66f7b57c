"""Test database: built by the Alembic migrations (never create_all), emptied after each test.

LIAISON_TEST_DATABASE_URL selects the backend; SQLite in a temporary file by default.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner, Result

from liaison import migrate
from liaison.accounts import passwords
from liaison.cli import app as cli_app
from liaison.config import get_settings
from liaison.db import Base, make_engine, make_session_factory


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> None:
    """Argon2 at production cost would make user set-up dominate the suite's time."""
    passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _test_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("LIAISON_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """On PostgreSQL each run gets its own schema, so parallel runs cannot collide."""
    url = _test_url(tmp_path_factory)
    if not url.startswith("postgresql"):
        migrate.upgrade(url)
        yield url
        return
    schema = f"liaison_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    scoped_url = scoped.render_as_string(hide_password=False)
    try:
        migrate.upgrade(scoped_url)
        yield scoped_url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _empty(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def session_factory(engine: Engine) -> Iterator[sessionmaker[Session]]:
    yield make_session_factory(engine)
    _empty(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as s:
        yield s
        s.rollback()


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def cli(database_url: str, session_factory: sessionmaker[Session],
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """`liaison ...` run in-process against the test database."""
    monkeypatch.setenv("LIAISON_DATABASE_URL", database_url)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli_app, list(args), input=input, env={"COLUMNS": "200"})

    yield run
    get_settings.cache_clear()
