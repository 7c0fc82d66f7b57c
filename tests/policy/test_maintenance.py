"""Repairing and sweeping the policy's derived tables: the CLI and the server's own sweep."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from liaison.api.context import AppContext
from liaison.app import create_app
from liaison.clock import utcnow
from liaison.config import Settings
from liaison.policy import count_visible, tallies
from liaison.policy.tallies import RecordTally
from liaison.vocab import TLP, Distribution

from .helpers import make_agency, make_agreement, make_record


def _world(session_factory: sessionmaker[Session], now: datetime) -> tuple[str, str]:
    with session_factory() as session:
        owner, viewer = make_agency(session, "OWN"), make_agency(session, "VIEW")
        make_agreement(session, "Pact", [owner, viewer])
        make_record(session, owner, tlp=TLP.GREEN)
        make_record(session, owner, tlp=TLP.AMBER, expires_at=now - timedelta(hours=1))
        make_record(session, owner, tlp=TLP.CLEAR, distribution=Distribution.EVERYONE,
                    expires_at=now + timedelta(days=1))
        session.commit()
        return owner.id, viewer.id


def test_check_finds_a_tampered_counter_and_rebuild_repairs_it(
    cli, session_factory: sessionmaker[Session], now: datetime  # noqa: F811
) -> None:
    owner_id, viewer_id = _world(session_factory, now)
    result = cli("policy", "check")
    assert result.exit_code == 0, result.output
    assert "match their sources" in result.output

    with session_factory() as session:
        zeros = tallies.PACKING.pack(*([0] * tallies.SIZE))
        session.execute(update(RecordTally).where(RecordTally.owner_id == owner_id)
                        .values(counters=zeros))
        session.commit()
        assert count_visible(session, viewer_id, now) != 2  # wrong, as the check will say
    result = cli("policy", "check")
    assert result.exit_code == 1
    assert f"counters of 1 owner(s) differ: {owner_id}" in result.output

    result = cli("policy", "rebuild")
    assert result.exit_code == 0, result.output
    assert "3 records counted" in result.output
    assert cli("policy", "check").exit_code == 0
    with session_factory() as session:
        assert count_visible(session, viewer_id, now) == 2


def test_sweep_moves_the_watermark_and_changes_no_count(
    cli, session_factory: sessionmaker[Session]  # noqa: F811
) -> None:
    real_now = utcnow()  # the command sweeps at the real clock
    _, viewer_id = _world(session_factory, real_now)
    result = cli("policy", "sweep")
    assert result.exit_code == 0, result.output
    assert "Swept: 1 expired records" in result.output
    with session_factory() as session:
        assert tallies.watermark(session.connection()) > real_now
        assert count_visible(session, viewer_id, real_now) == 2
        assert count_visible(session, viewer_id, real_now - timedelta(hours=2)) == 3


def test_the_server_sweeps_on_its_own(
    session_factory: sessionmaker[Session], now: datetime
) -> None:
    _world(session_factory, now)
    settings = Settings(counter_sweep_seconds=0.05)
    app = create_app(AppContext(settings, session_factory, clock=lambda: now))
    with TestClient(app):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with session_factory() as session:
                if tallies.watermark(session.connection()) == now:
                    break
            time.sleep(0.05)
        else:
            raise AssertionError("no sweep within 10 s")
