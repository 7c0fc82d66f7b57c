"""The throttle's own rules: how addresses are counted, pruning, and an operator's unlock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from liaison.accounts import service as accounts
from liaison.accounts import throttle
from liaison.accounts.models import LoginThrottle
from liaison.audit.models import AuditEntry
from liaison.cli import app
from liaison.clock import utcnow
from liaison.config import get_settings
from liaison.errors import Invalid, NotAuthenticated, TooManyAttempts
from tests import factories as f


@pytest.mark.parametrize("host,subject", [
    ("203.0.113.9", "203.0.113.9"),
    ("2001:db8:1:2::5", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.9", "203.0.113.9"),
    ("testclient", "testclient"),
    ("", None),
    (None, None),
])
def test_addresses_are_counted_by_what_one_client_holds(host: str | None,
                                                        subject: str | None) -> None:
    assert throttle.client_subject(host) == subject


def _fail(session: Session, username: str, now: datetime, client: str = "203.0.113.9",
          limits: throttle.LoginLimits = throttle.DEFAULT_LIMITS) -> None:
    with pytest.raises((NotAuthenticated, TooManyAttempts)):
        accounts.authenticate(session, username, "wrong-password", now, client=client,
                              limits=limits)


def test_rows_are_pruned_once_they_no_longer_matter(session: Session, now: datetime) -> None:
    limits = throttle.LoginLimits(window=timedelta(minutes=10), lockout=timedelta(minutes=30))
    _fail(session, "ghost", now, limits=limits)
    for _ in range(5):
        _fail(session, "phantom", now, client="198.51.100.1", limits=limits)
    _fail(session, "spectre", now + timedelta(minutes=20), client="198.51.100.2", limits=limits)
    left = {(r.scope, r.subject) for r in session.scalars(select(LoginThrottle))}
    assert left == {("user", "phantom"), ("user", "spectre"), ("client", "198.51.100.2")}, (
        "counts past their window go; a lock-out stays while it lasts")


def test_an_operator_lifts_a_lock_out(session: Session) -> None:
    agency = f.agency(session, "DE-CCU")
    f.user(session, agency, "de.analyst")
    now = utcnow()
    for _ in range(5):
        _fail(session, "de.analyst", now)
    with pytest.raises(TooManyAttempts):
        accounts.authenticate(session, "de.analyst", f.PASSWORD, now)
    assert [(r.scope, r.subject) for r in accounts.lockouts(session, now)] == [
        ("user", "de.analyst")]
    with pytest.raises(Invalid):
        accounts.unlock(session, now)
    lifted = accounts.unlock(session, now, username="De.Analyst")
    assert [(r.scope, r.subject) for r in lifted] == [("user", "de.analyst")]
    assert accounts.authenticate(session, "de.analyst", f.PASSWORD, now).username == "de.analyst"


def test_the_cli_lists_and_lifts_lock_outs(session_factory, database_url: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    now = utcnow()
    with session_factory() as session:
        for n in range(50):
            _fail(session, f"guess{n}", now, client="2001:db8::7")
        session.commit()
    monkeypatch.setenv("LIAISON_DATABASE_URL", database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        listed = runner.invoke(app, ["user", "lockouts"], env={"COLUMNS": "120"})
        nothing = runner.invoke(app, ["user", "unlock", "nobody"])
        lifted = runner.invoke(app, ["user", "unlock", "--address", "2001:db8::1"])
        empty = runner.invoke(app, ["user", "lockouts"])
        neither = runner.invoke(app, ["user", "unlock"])
    finally:
        get_settings.cache_clear()
    assert listed.exit_code == 0 and "2001:db8::/64" in listed.output
    assert nothing.exit_code == 0 and "Nothing to unlock" in nothing.output
    assert lifted.exit_code == 0 and "Unlocked client 2001:db8::/64" in lifted.output
    assert "No user name or address is locked out." in empty.output
    assert neither.exit_code == 2
    with session_factory() as session:
        assert accounts.lockouts(session, now) == []
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("login.failed") == 50
    assert actions.count("login.locked") == 1 and actions.count("login.unlocked") == 1


def test_a_failure_counted_after_a_concurrent_lock_out_does_not_extend_it(
        session: Session, now: datetime) -> None:
    """Two failures may both pass the check; the one counted second finds the lock-out in
    place, leaves it as it is, and is answered with it."""
    attempt = throttle.Attempt.of("ghost", None)
    limits = throttle.LoginLimits(max_failures=1)
    newly, locked = throttle.record_failure(session, attempt, now, limits)
    assert newly == locked and len(locked) == 1
    again, still = throttle.record_failure(session, attempt, now + timedelta(minutes=1), limits)
    assert again == [] and still == locked
    assert still[0].locked_until == now + limits.lockout
    refused = throttle.refusal(still, now + timedelta(minutes=1))
    assert refused.retry_after == 14 * 60
