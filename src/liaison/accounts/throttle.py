"""Login throttling: too many failed logins lock a user name, or a client address, for a while.

The counts live in the database so that every server process sees the same ones. User names
are counted whether or not they exist, and a locked name is refused before any password is
checked, so neither the answer nor its timing tells whether an account exists. A success
clears its user name's count but never its address's: one good account must not launder the
failures of an address that is guessing other people's passwords.

Failures are counted in a window that opens at the first failure of a run; reaching the limit
locks the name (or address) until the lock-out ends, and the count starts afresh after that.
Rows are locked in one order (scope, subject) and always before the audit head, so concurrent
logins cannot deadlock; expired rows are pruned as failures come in.
"""

from __future__ import annotations

import ipaddress
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from liaison.accounts.models import LoginThrottle
from liaison.config import Settings
from liaison.errors import TooManyAttempts

USER, CLIENT = "user", "client"
SUBJECT_LENGTH = 64
PRUNE_BATCH = 200
log = logging.getLogger("liaison.accounts")


@dataclass(frozen=True)
class LoginLimits:
    max_failures: int = 5
    max_failures_per_client: int = 50  # 0: addresses are not limited
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)

    @classmethod
    def of(cls, settings: Settings) -> LoginLimits:
        return cls(settings.login_max_failures, settings.login_max_failures_per_ip,
                   timedelta(minutes=settings.login_failure_window_minutes),
                   timedelta(minutes=settings.login_lockout_minutes))

    def limit(self, scope: str) -> int:
        return self.max_failures if scope == USER else self.max_failures_per_client


DEFAULT_LIMITS = LoginLimits()


def user_subject(username: str) -> str:
    """The name failures are counted under: as the login looks it up."""
    return username.strip().lower()[:SUBJECT_LENGTH]


def client_subject(host: str | None) -> str | None:
    """The address failures are counted under; an IPv6 client by its /64, which one
    subscriber usually holds whole (counting single addresses would not limit anyone)."""
    if not host:
        return None
    try:
        address = ipaddress.ip_address(host.strip())
    except ValueError:
        return host.strip()[:SUBJECT_LENGTH] or None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@dataclass(frozen=True)
class Attempt:
    """Who is trying: the user name and the client address, as counted."""

    user: str
    client: str | None

    @classmethod
    def of(cls, username: str, host: str | None) -> Attempt:
        return cls(user_subject(username), client_subject(host))

    def keys(self, limits: LoginLimits) -> list[tuple[str, str]]:
        """The (scope, subject) rows this attempt counts against, in lock order."""
        keys = [(USER, self.user)]
        if self.client is not None and limits.max_failures_per_client:
            keys.append((CLIENT, self.client))
        return sorted(keys)


def _where(keys: list[tuple[str, str]]) -> ColumnElement[bool]:
    return or_(*(and_(LoginThrottle.scope == scope, LoginThrottle.subject == subject)
                 for scope, subject in keys))


def refusal(locked: list[LoginThrottle], now: datetime) -> TooManyAttempts:
    """The answer to a locked-out attempt; the latest lock-out names the real wait."""
    row = max(locked, key=lambda r: (r.locked_until or now, r.scope == USER))
    seconds = max(1, math.ceil(((row.locked_until or now) - now).total_seconds()))
    minutes = math.ceil(seconds / 60)
    wait = "1 minute" if minutes == 1 else f"{minutes} minutes"
    whom = "for this user name" if row.scope == USER else "from your network address"
    return TooManyAttempts(f"Too many failed log-ins {whom}. Try again in {wait}.", seconds)


def check(session: Session, attempt: Attempt, now: datetime, limits: LoginLimits) -> None:
    """Raise TooManyAttempts while the user name or the address is locked out."""
    rows = session.scalars(select(LoginThrottle).where(_where(attempt.keys(limits)))).all()
    locked = [r for r in rows if r.locked_until is not None and r.locked_until > now]
    if locked:
        log.warning("login refused while locked out",
                    extra={"scopes": sorted(r.scope for r in locked)})
        raise refusal(locked, now)


def _ensure_rows(session: Session, keys: list[tuple[str, str]], now: datetime) -> None:
    rows = [{"scope": scope, "subject": subject, "failures": 0, "window_started_at": now,
             "expires_at": now} for scope, subject in keys]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(LoginThrottle).values(rows).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(LoginThrottle).values(rows).on_conflict_do_nothing())
    else:  # pragma: no cover - Liaison runs on SQLite and PostgreSQL
        raise RuntimeError(f"unsupported database {dialect}")


def record_failure(session: Session, attempt: Attempt, now: datetime,
                   limits: LoginLimits) -> tuple[list[LoginThrottle], list[LoginThrottle]]:
    """Count one failure against the name and the address: the rows this failure locked
    out, and all of its rows that are locked out now (a concurrent failure may have)."""
    keys = attempt.keys(limits)
    _ensure_rows(session, keys, now)
    rows = session.scalars(
        select(LoginThrottle).where(_where(keys))
        .order_by(LoginThrottle.scope, LoginThrottle.subject)
        .with_for_update().execution_options(populate_existing=True)
    ).all()
    newly, locked = [], []
    for row in rows:
        if row.locked_until is not None and row.locked_until > now:
            locked.append(row)  # by a concurrent failure; a lock-out is never extended
            continue
        if row.failures == 0 or now >= row.window_started_at + limits.window:
            row.failures, row.window_started_at, row.locked_until = 0, now, None
        row.failures += 1
        row.expires_at = row.window_started_at + limits.window
        if row.failures >= limits.limit(row.scope):
            row.failures, row.locked_until = 0, now + limits.lockout
            row.expires_at = max(row.expires_at, row.locked_until)
            newly.append(row)
            locked.append(row)
    session.flush()
    _prune(session, now)
    return newly, locked


def record_success(session: Session, attempt: Attempt) -> None:
    """A good login clears its user name's failures (not its address's)."""
    session.execute(delete(LoginThrottle).where(
        LoginThrottle.scope == USER, LoginThrottle.subject == attempt.user))


def _prune(session: Session, now: datetime) -> None:
    """Drop a batch of rows that no longer matter, skipping any another login holds."""
    stale = (select(LoginThrottle.scope, LoginThrottle.subject)
             .where(LoginThrottle.expires_at <= now).limit(PRUNE_BATCH)
             .with_for_update(skip_locked=True))
    session.execute(
        delete(LoginThrottle).where(tuple_(LoginThrottle.scope, LoginThrottle.subject).in_(stale))
        .execution_options(synchronize_session=False))


def lockouts(session: Session, now: datetime) -> list[LoginThrottle]:
    """User names and addresses locked out now, the longest-locked last."""
    return list(session.scalars(
        select(LoginThrottle).where(LoginThrottle.locked_until > now)
        .order_by(LoginThrottle.locked_until, LoginThrottle.scope, LoginThrottle.subject)))


def lift(session: Session, scope: str, subject: str) -> LoginThrottle | None:
    """Forget a user name's or address's failures and lock-out; the row it was, if any."""
    row = session.get(LoginThrottle, (scope, subject))
    if row is not None:
        session.delete(row)
        session.flush()
    return row
