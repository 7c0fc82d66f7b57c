"""Request-scoped dependencies: one transaction per request, the caller, paging."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from liaison.accounts import service as accounts
from liaison.accounts.principal import Principal
from liaison.accounts.throttle import LoginLimits
from liaison.api.context import AppContext
from liaison.db import transaction
from liaison.errors import NotAuthenticated


def context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.context
    return ctx


def _session(request: Request) -> Iterator[Session]:
    """Commit when the handler returns, roll back when it raises: nothing half-written."""
    with transaction(context(request).session_factory) as session:
        yield session


DB = Annotated[Session, Depends(_session, scope="function")]


def _now(request: Request) -> datetime:
    return context(request).clock()


Now = Annotated[datetime, Depends(_now)]


def _principal(request: Request, session: DB, now: Now) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Send an API token: 'Authorization: Bearer <token>'.")
    user = accounts.user_for_token(session, token.strip(), now)
    return Principal.of(user)


Caller = Annotated[Principal, Depends(_principal)]


@dataclass(frozen=True)
class LoginSource:
    """Where a login comes from, and the node's throttling limits for it."""

    client: str | None
    limits: LoginLimits


def _login_source(request: Request) -> LoginSource:
    # the peer address; uvicorn takes it from X-Forwarded-For only when the peer is a proxy
    # that FORWARDED_ALLOW_IPS trusts, so a client cannot pick the address it is counted as
    host = request.client.host if request.client else None
    return LoginSource(host, LoginLimits.of(context(request).settings))


Login = Annotated[LoginSource, Depends(_login_source)]


class Page(BaseModel):
    limit: int
    offset: int


def _page(
    limit: Annotated[int, Query(ge=1, le=200, description="Items per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


Paging = Annotated[Page, Depends(_page)]


def paged(items: list[object], total: int, page: Page) -> dict[str, object]:
    following = page.offset + len(items)
    return {
        "items": items,
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "next_offset": following if following < total else None,
    }
