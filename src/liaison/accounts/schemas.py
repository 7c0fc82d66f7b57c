from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints

from liaison.accounts.passwords import MIN_LENGTH
from liaison.schemas import Input, Name, Output
from liaison.vocab import Role

Username = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=64,
                           pattern=r"^[a-z0-9][a-z0-9._-]*$")
]
Password = Annotated[str, StringConstraints(min_length=MIN_LENGTH, max_length=256)]


class UserCreate(Input):
    agency_id: str = Field(max_length=36)
    username: Username
    display_name: Name
    email: EmailStr | None = None
    password: Password
    roles: list[Role] = Field(min_length=1, max_length=5)
    node_admin: bool = False


class UserUpdate(Input):
    display_name: Name | None = None
    email: EmailStr | None = None
    roles: list[Role] | None = Field(default=None, min_length=1, max_length=5)
    active: bool | None = None
    password: Password | None = None


class UserRead(Output):
    id: str
    agency_id: str
    username: str
    display_name: str
    email: str | None
    roles: list[str]
    is_node_admin: bool
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class Credentials(Input):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class TokenCreate(Input):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    days: int = Field(default=90, ge=1, le=3650)


class TokenLogin(Credentials):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] = (
        "api"
    )
    days: int = Field(default=90, ge=1, le=3650)


class TokenRead(Output):
    id: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenIssued(TokenRead):
    token: str = Field(description="Shown once; store it now, it cannot be read back.")
