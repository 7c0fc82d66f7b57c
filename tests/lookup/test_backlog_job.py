"""Values bulk imports queue for the private-lookup tokens are encoded in the background, in
committed steps, so no token request has to encode them."""

from __future__ import annotations

import time
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from liaison.api.context import AppContext
from liaison.app import create_app
from liaison.config import Settings
from liaison.lookup import index, service
from liaison.lookup.models import LookupBacklog
from tests import factories as f

from .helpers import sha256s


def _queue(session_factory: sessionmaker[Session], batches: int) -> str:
    with session_factory() as s:
        fr = f.agency(s, "FR-C3N", "FR")
        for n in range(batches):
            index.values_added(s.connection(), fr.id, sha256s(10, start=10 * n), defer=True)
        s.commit()
        return fr.id


def _pending(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(LookupBacklog)) or 0)


def test_encoding_the_backlog_in_steps_empties_it(
    session_factory: sessionmaker[Session]
) -> None:
    fr = _queue(session_factory, batches=5)
    assert _pending(session_factory) == 5
    assert service.encode_backlog(session_factory, rows_per_step=2) == 50
    assert _pending(session_factory) == 0
    with session_factory() as s:  # (the values are reported, not held: no check() here)
        assert len(index.token_set(s.connection(), fr)[1]) == 50 * 8


def test_the_server_encodes_the_backlog_on_its_own(
    session_factory: sessionmaker[Session], now: datetime
) -> None:
    _queue(session_factory, batches=3)
    settings = Settings(counter_sweep_seconds=0, lookup_backlog_seconds=0.05)
    app = create_app(AppContext(settings, session_factory, clock=lambda: now))
    with TestClient(app):
        deadline = time.monotonic() + 10
        while _pending(session_factory) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert _pending(session_factory) == 0
