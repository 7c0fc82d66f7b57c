from __future__ import annotations

import typer
from rich.table import Table

from liaison.accounts import service
from liaison.accounts.principal import Principal
from liaison.accounts.schemas import TokenCreate, UserCreate
from liaison.agencies.service import find_agency
from liaison.cli_support import console, handled, unit_of_work
from liaison.clock import utcnow
from liaison.schemas import parse

app = typer.Typer(no_args_is_help=True)
token_app = typer.Typer(no_args_is_help=True)


@app.command("create")
@handled
def create(
    agency: str = typer.Option(..., help="Agency id or short name"),
    username: str = typer.Option(...),
    display_name: str = typer.Option(..., "--name"),
    role: list[str] = typer.Option(..., "--role", help="analyst, investigator, legal_officer, "
                                   "supervisor or admin; repeat for several"),
    email: str | None = typer.Option(None),
    node_admin: bool = typer.Option(False, help="Administers the whole node"),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Add a user to an agency."""
    with unit_of_work() as session:
        agency_row = find_agency(session, agency)
        data = parse(UserCreate, {"agency_id": agency_row.id, "username": username,
                                  "display_name": display_name, "email": email,
                                  "password": password, "roles": role,
                                  "node_admin": node_admin})
        user = service.create_user(session, data, utcnow())
        console.print(f"[green]Created user[/] {user.username} at {agency_row.name} "
                      f"({', '.join(user.roles)})")


@app.command("list")
@handled
def list_(agency: str = typer.Option(..., help="Agency id or short name")) -> None:
    """An agency's users."""
    with unit_of_work() as session:
        agency_row = find_agency(session, agency)
        admin = Principal("cli", "cli", "cli", agency_row.id, agency_row.name, (),
                          node_admin=True)
        table = Table("username", "name", "roles", "active", "last login")
        for u in service.list_users(session, agency_row.id, admin):
            table.add_row(u.username, u.display_name, ", ".join(u.roles),
                          "yes" if u.is_active else "no",
                          u.last_login_at.isoformat(timespec="minutes") if u.last_login_at else "")
        console.print(table)


@app.command("lockouts")
@handled
def lockouts() -> None:
    """User names and client addresses locked out of logging in now (failed logins)."""
    with unit_of_work() as session:
        rows = service.lockouts(session, utcnow())
        if not rows:
            console.print("No user name or address is locked out.")
            return
        table = Table("locked", "user name or address", "until (UTC)")
        for row in rows:
            table.add_row(row.scope, row.subject,
                          f"{row.locked_until:%Y-%m-%d %H:%M}" if row.locked_until else "")
        console.print(table)


@app.command("unlock")
@handled
def unlock(
    username: str | None = typer.Argument(None, help="The user name to let log in again"),
    address: str | None = typer.Option(None, help="A client address to let log in again"),
) -> None:
    """Lift a login lock-out before its cool-down ends, and forget the failures counted."""
    with unit_of_work() as session:
        lifted = service.unlock(session, utcnow(), username=username, address=address)
        if not lifted:
            console.print("Nothing to unlock: no failures are counted for that.")
        for row in lifted:
            console.print(f"[green]Unlocked[/] {row.scope} {row.subject}")


@token_app.command("issue")
@handled
def issue(username: str = typer.Argument(...), name: str = typer.Option("cli"),
          days: int = typer.Option(90, help="Days until it expires")) -> None:
    """Issue an API token for a user. It is shown once: store it now."""
    data = parse(TokenCreate, {"name": name, "days": days})
    with unit_of_work() as session:
        user = service.user_by_username(session, username)
        secret, token = service.issue_token(session, user, data.name, data.days, utcnow())
        console.print(f"Token [bold]{token.id}[/] for {user.username}, expires "
                      f"{token.expires_at:%Y-%m-%d}. Shown once:")
        console.print(secret, soft_wrap=True, highlight=False)


@token_app.command("revoke")
@handled
def revoke(token_id: str = typer.Argument(..., help="The token's id (not its secret)")) -> None:
    """Revoke an API token at once."""
    with unit_of_work() as session:
        token = service.revoke_token(session, token_id, utcnow(), by=None)
        console.print(f"[green]Revoked[/] token {token.id} ({token.name}) of {token.user.username}")


@token_app.command("list")
@handled
def list_tokens(username: str = typer.Argument(...)) -> None:
    """A user's tokens (never their secrets)."""
    with unit_of_work() as session:
        user = service.user_by_username(session, username)
        table = Table("name", "prefix", "expires", "revoked", "last used")
        table.add_column("id", no_wrap=True)
        for t in service.list_tokens(session, Principal.of(user)):
            table.add_row(t.name, t.prefix + "…", f"{t.expires_at:%Y-%m-%d}",
                          f"{t.revoked_at:%Y-%m-%d}" if t.revoked_at else "",
                          f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "", t.id)
        console.print(table)
