from __future__ import annotations

import typer
from rich.table import Table

from liaison.agencies import service
from liaison.agencies.schemas import AgencyCreate
from liaison.cli_support import console, handled, unit_of_work
from liaison.clock import utcnow
from liaison.schemas import parse

app = typer.Typer(no_args_is_help=True)


@app.command("create")
@handled
def create(
    name: str = typer.Option(..., help="Full name"),
    short_name: str = typer.Option(..., "--short", help="Short name, e.g. DE-CCU"),
    country: str = typer.Option(..., help="ISO 3166-1 alpha-2 code"),
    kind: str = typer.Option(..., help="police, prosecution, judicial, cert, "
                             "coordination_body or private_partner"),
    timezone: str = typer.Option(..., help="IANA time zone, e.g. Europe/Berlin"),
    contact_point: bool = typer.Option(False, help="The country's 24/7 point of contact"),
) -> None:
    """Add an agency to this node."""
    data = parse(AgencyCreate, {"name": name, "short_name": short_name, "country": country,
                                "kind": kind, "timezone": timezone,
                                "contact_point": contact_point})
    with unit_of_work() as session:
        agency = service.create_agency(session, data, utcnow())
        console.print(f"[green]Created agency[/] {agency.name} ({agency.short_name}) {agency.id}")


@app.command("list")
@handled
def list_(country: str | None = typer.Option(None)) -> None:
    """The agencies on this node."""
    with unit_of_work() as session:
        rows, total = service.list_agencies(session, country=country, limit=1000)
        table = Table("short name", "name", "country", "kind", "24/7", "id",
                      title=f"{total} agencies")
        for a in rows:
            table.add_row(a.short_name, a.name, a.country, a.kind,
                          "yes" if a.is_contact_point else "", a.id)
        console.print(table)
