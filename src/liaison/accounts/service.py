"""Users, console login sessions and API tokens.

Secrets (session cookies, API tokens) are random and stored only as SHA-256; passwords with
Argon2id. Services flush, the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison import audit, policy
from liaison.accounts import throttle
from liaison.accounts.models import ApiToken, LoginSession, LoginThrottle, User
from liaison.accounts.passwords import hash_password, needs_rehash, verify_password
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.accounts.schemas import UserCreate, UserUpdate
from liaison.accounts.throttle import DEFAULT_LIMITS, Attempt, LoginLimits
from liaison.agencies.models import Agency
from liaison.audit.service import SYSTEM, Actor
from liaison.clock import as_utc
from liaison.errors import Conflict, Invalid, NotAuthenticated, NotFound, NotPermitted

TOKEN_PREFIX = "lsn_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _may_manage_users_of(by: Principal | None, agency_id: str) -> None:
    if by is None or by.node_admin:
        return
    by.require(Permission.USER_MANAGE)
    if by.agency_id != agency_id:
        raise NotPermitted("An agency admin manages only its own agency's users.")


def create_user(session: Session, data: UserCreate, now: datetime,
                by: Principal | None = None) -> User:
    _may_manage_users_of(by, data.agency_id)
    if data.node_admin and by is not None and not by.node_admin:
        raise NotPermitted("Only a node administrator may create another.")
    if session.get(Agency, data.agency_id) is None:
        raise Invalid.field("agency_id", "no such agency")
    if session.scalar(select(User.id).where(User.username == data.username)):
        raise Conflict(f"The username {data.username!r} is taken.")
    user = User(
        agency_id=data.agency_id, username=data.username, display_name=data.display_name,
        email=data.email, password_hash=hash_password(data.password),
        roles=sorted({r.value for r in data.roles}), is_node_admin=data.node_admin,
        created_at=now,
    )
    session.add(user)
    session.flush()
    audit.append(session, by.actor if by else SYSTEM, "user.create", "user", user.id, now,
                 username=user.username, agency_id=user.agency_id, roles=user.roles,
                 node_admin=user.is_node_admin)
    return user


def get_user(session: Session, user_id: str, by: Principal) -> User:
    user = session.get(User, user_id)
    if user is None or not policy.users_visible(user.agency_id, by.agency_id, by.node_admin):
        raise NotFound("No such user.")
    return user


def update_user(session: Session, user_id: str, data: UserUpdate, now: datetime,
                by: Principal) -> User:
    user = get_user(session, user_id, by)
    _may_manage_users_of(by, user.agency_id)
    changed = data.model_dump(exclude_unset=True, exclude={"password"})
    if data.display_name is not None:
        user.display_name = data.display_name
    if "email" in changed:
        user.email = data.email
    if data.roles is not None:
        user.roles = sorted({r.value for r in data.roles})
    if data.active is not None:
        if user.id == by.user_id and not data.active:
            raise Invalid.field("active", "you cannot deactivate yourself")
        user.is_active = data.active
    if data.password is not None:
        user.password_hash = hash_password(data.password)
        changed["password"] = "changed"
    session.flush()
    audit.append(session, by.actor, "user.update", "user", user.id, now,
                 **{k: (v if k != "roles" else user.roles) for k, v in changed.items()})
    return user


def list_users(session: Session, agency_id: str, by: Principal) -> list[User]:
    if not policy.users_visible(agency_id, by.agency_id, by.node_admin):
        raise NotFound("No such agency.")
    return list(session.scalars(
        select(User).where(User.agency_id == agency_id).order_by(User.username)
    ))


def authenticate(session: Session, username: str, password: str, now: datetime, *,
                 client: str | None = None, limits: LoginLimits = DEFAULT_LIMITS) -> User:
    """The user for these credentials; the same error for unknown user and wrong password.

    Throttled (`accounts.throttle`): while the user name or the client address is locked out
    the attempt is refused before the password is checked, and the failure that reaches a
    limit is answered with the lock-out. Failures and lock-outs are audited.
    """
    attempt = Attempt.of(username, client)
    throttle.check(session, attempt, now, limits)
    user = session.scalars(select(User).where(User.username == username.strip().lower())).first()
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        # the throttle's rows are locked before the audit head, always: no deadlocks
        newly, locked = throttle.record_failure(session, attempt, now, limits)
        audit.append(session, SYSTEM, "login.failed", "user", user.id if user else None, now,
                     username=username[:64], client=client)
        for row in newly:
            audit.append(session, SYSTEM, "login.locked", row.scope,
                         (user.id if user else None) if row.scope == throttle.USER
                         else row.subject, now, subject=row.subject,
                         until=as_utc(row.locked_until or now).isoformat(),
                         failures=limits.limit(row.scope))
        if locked:
            raise throttle.refusal(locked, now)
        raise NotAuthenticated("Unknown user name or wrong password.")
    throttle.record_success(session, attempt)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    audit.append(session, Actor(user.id, user.agency_id), "login", "user", user.id, now)
    return user


def lockouts(session: Session, now: datetime) -> list[LoginThrottle]:
    return throttle.lockouts(session, now)


def unlock(session: Session, now: datetime, *, username: str | None = None,
           address: str | None = None) -> list[LoginThrottle]:
    """Lift lock-outs before their cool-down ends (an operator's call, audited); what was
    lifted. The address is counted as logins count it (an IPv6 address by its /64)."""
    wanted = []
    if username is not None:
        wanted.append((throttle.USER, throttle.user_subject(username)))
    if address is not None:
        subject = throttle.client_subject(address)
        if subject is None:
            raise Invalid.field("address", "give a client address")
        wanted.append((throttle.CLIENT, subject))
    if not wanted:
        raise Invalid("Name a user name or a client address to unlock.")
    lifted = [row for scope, subject in wanted
              if (row := throttle.lift(session, scope, subject)) is not None]
    for row in lifted:
        until = row.locked_until
        target = row.subject if row.scope == throttle.CLIENT else session.scalar(
            select(User.id).where(User.username == row.subject))
        audit.append(session, SYSTEM, "login.unlocked", row.scope, target, now,
                     subject=row.subject, locked_until=until.isoformat() if until else None)
    return lifted


def open_login_session(session: Session, user: User, now: datetime,
                       hours: int) -> tuple[str, LoginSession]:
    secret = secrets.token_urlsafe(32)
    row = LoginSession(id=_digest(secret), user_id=user.id, csrf_token=secrets.token_urlsafe(24),
                       created_at=now, expires_at=now + timedelta(hours=hours))
    session.add(row)
    session.flush()
    return secret, row


def login_session(session: Session, secret: str, now: datetime) -> tuple[User, LoginSession]:
    row = session.get(LoginSession, _digest(secret))
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) <= now:
        raise NotAuthenticated("Your session has ended; log in again.")
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated("Your session has ended; log in again.")
    return user, row


def close_login_session(session: Session, secret: str, now: datetime) -> None:
    row = session.get(LoginSession, _digest(secret))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
        user = session.get(User, row.user_id)
        audit.append(session, Actor(row.user_id, user.agency_id if user else None), "logout",
                     "user", row.user_id, now)


def issue_token(session: Session, user: User, name: str, days: int,
                now: datetime) -> tuple[str, ApiToken]:
    """A new API token; the clear text is returned once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=_digest(secret),
                     prefix=secret[: len(TOKEN_PREFIX) + 6], created_at=now,
                     expires_at=now + timedelta(days=days))
    session.add(token)
    session.flush()
    audit.append(session, Actor(user.id, user.agency_id), "token.issue", "api_token", token.id,
                 now, name=name, expires_at=token.expires_at.isoformat())
    return secret, token


def user_for_token(session: Session, secret: str, now: datetime) -> User:
    token = session.scalars(select(ApiToken).where(ApiToken.token_hash == _digest(secret))).first()
    if token is None or token.revoked_at is not None or as_utc(token.expires_at) <= now:
        raise NotAuthenticated("The API token is unknown, revoked or expired.")
    if not token.user.is_active:
        raise NotAuthenticated("The token's user is deactivated.")
    last = token.last_used_at
    if last is None or now - as_utc(last) > timedelta(minutes=5):
        token.last_used_at = now  # coarse, so reads do not write on every call
    return token.user


def list_tokens(session: Session, by: Principal) -> list[ApiToken]:
    return list(session.scalars(
        select(ApiToken).where(ApiToken.user_id == by.user_id).order_by(ApiToken.created_at.desc())
    ))


def revoke_token(session: Session, token_id: str, now: datetime, by: Principal | None) -> ApiToken:
    """Users revoke their own tokens; an agency admin its users'; the CLI (by=None) any."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("No such token.")
    if by is not None and token.user_id != by.user_id:
        try:
            _may_manage_users_of(by, token.user.agency_id)
        except NotPermitted:
            raise NotFound("No such token.") from None
    if token.revoked_at is None:
        token.revoked_at = now
        audit.append(session, by.actor if by else SYSTEM, "token.revoke", "api_token",
                     token.id, now, user_id=token.user_id)
    return token


def user_by_username(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"No user {username!r}.")
    return user

