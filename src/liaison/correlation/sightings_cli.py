from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from liaison.accounts.principal import Principal
from liaison.accounts.service import user_by_username
from liaison.cli_support import console, handled, print_json, unit_of_work
from liaison.clock import utcnow
from liaison.correlation import sightings as service
from liaison.correlation.schemas import SightingCreate
from liaison.errors import Invalid
from liaison.schemas import parse

app = typer.Typer(no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Act as this user (sightings belong to their agency)")


@app.command("report")
@handled
def report(
    type_: str = typer.Argument(..., metavar="TYPE", help="e.g. domain, url, ipv4, sha256"),
    value: str = typer.Argument(..., help="The value seen (defanged is fine)"),
    as_user: str = AS_USER,
    first_seen: str = typer.Option(..., help="ISO-8601 with a time zone, e.g. 2026-11-28T09:00Z"),
    last_seen: str | None = typer.Option(None, help="ISO-8601 (default: first seen)"),
    count: int = typer.Option(1, help="How often it was seen"),
    country: str | None = typer.Option(None, help="ISO 3166-1 alpha-2, where it was seen"),
    source: str = typer.Option("", help="Where the sighting comes from (free text)"),
) -> None:
    """Report that your agency saw a value."""
    body: dict[str, Any] = {
        "type": type_, "value": value, "first_seen": first_seen,
        "last_seen": last_seen or first_seen, "count": count, "country": country,
        "source": source,
    }
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        sighting = service.report_sighting(session, parse(SightingCreate, body), utcnow(),
                                           principal)
        console.print(f"[green]Reported[/] sighting {sighting.id}: {sighting.type} "
                      f"{sighting.value}")


@app.command("list")
@handled
def list_(as_user: str = AS_USER,
          type_: str | None = typer.Option(None, "--type", help="With --value: one value"),
          value: str | None = typer.Option(None, "--value"),
          limit: int = typer.Option(50, min=1, max=1000),
          as_json: bool = typer.Option(False, "--json")) -> None:
    """Sightings of values your agency's records hold, newest first (or of one value)."""
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        if type_ is not None or value is not None:
            if type_ is None or value is None:
                raise Invalid.field("type" if type_ is None else "value",
                                    "give both --type and --value, or neither")
            views, total = service.sightings_for_value(session, principal, type_, value,
                                                       limit=limit)
        else:
            views, total = service.sightings_of_my_records(session, principal, limit)
        items = [service.read_model(v) for v in views]
        if as_json:
            print_json({"total": total, "items": [i.model_dump(mode="json") for i in items]})
            return
        table = Table("last seen", "count", "country", "reported by", "type", "value",
                      "your records", title=f"{total} sightings for {principal.agency_name}")
        for i in items:
            table.add_row(f"{i.last_seen:%Y-%m-%d %H:%M}", str(i.count), i.country or "",
                          i.agency.short_name, i.type, i.value,
                          ", ".join(r.id for r in i.held_by))
        console.print(table)
