"""Tokens, the caller, and user management over the API."""

from __future__ import annotations

from fastapi import APIRouter

from liaison.accounts import service
from liaison.accounts.schemas import (
    TokenCreate,
    TokenIssued,
    TokenLogin,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from liaison.api.deps import DB, Caller, Login, Now
from liaison.errors import NotAuthenticated, TooManyAttempts

router = APIRouter(tags=["accounts"])


@router.post("/auth/token", response_model=TokenIssued, status_code=201)
def login_for_token(body: TokenLogin, session: DB, now: Now, source: Login) -> TokenIssued:
    """Exchange a user name and password for an API token (shown once).

    Throttled: after too many failures for the user name (known or not) or from the client
    address, attempts get 429 with Retry-After until the lock-out ends.
    """
    try:
        user = service.authenticate(session, body.username, body.password, now,
                                    client=source.client, limits=source.limits)
    except (NotAuthenticated, TooManyAttempts):
        session.commit()  # keep the failure's count and audit entries
        raise
    secret, token = service.issue_token(session, user, body.name, body.days, now)
    return TokenIssued.model_validate({**TokenRead.model_validate(token).model_dump(),
                                       "token": secret})


@router.get("/me")
def me(caller: Caller) -> dict[str, object]:
    return {"user_id": caller.user_id, "username": caller.username,
            "display_name": caller.display_name, "agency_id": caller.agency_id,
            "agency_name": caller.agency_name, "roles": list(caller.roles),
            "node_admin": caller.node_admin,
            "permissions": sorted(p.value for p in caller.permissions)}


@router.get("/tokens", response_model=list[TokenRead])
def my_tokens(caller: Caller, session: DB) -> list[TokenRead]:
    return [TokenRead.model_validate(t) for t in service.list_tokens(session, caller)]


@router.post("/tokens", response_model=TokenIssued, status_code=201)
def new_token(body: TokenCreate, caller: Caller, session: DB, now: Now) -> TokenIssued:
    user = service.get_user(session, caller.user_id, caller)
    secret, token = service.issue_token(session, user, body.name, body.days, now)
    return TokenIssued.model_validate({**TokenRead.model_validate(token).model_dump(),
                                       "token": secret})


@router.delete("/tokens/{token_id}", response_model=TokenRead)
def revoke(token_id: str, caller: Caller, session: DB, now: Now) -> TokenRead:
    return TokenRead.model_validate(service.revoke_token(session, token_id, now, caller))


@router.post("/users", response_model=UserRead, status_code=201)
def create_user(body: UserCreate, caller: Caller, session: DB, now: Now) -> UserRead:
    return UserRead.model_validate(service.create_user(session, body, now, by=caller))


@router.get("/users/{user_id}", response_model=UserRead)
def get_user(user_id: str, caller: Caller, session: DB) -> UserRead:
    return UserRead.model_validate(service.get_user(session, user_id, caller))


@router.patch("/users/{user_id}", response_model=UserRead)
def update_user(user_id: str, body: UserUpdate, caller: Caller, session: DB,
                now: Now) -> UserRead:
    return UserRead.model_validate(service.update_user(session, user_id, body, now, caller))


@router.get("/agencies/{agency_id}/users", response_model=list[UserRead])
def agency_users(agency_id: str, caller: Caller, session: DB) -> list[UserRead]:
    return [UserRead.model_validate(u) for u in service.list_users(session, agency_id, caller)]

