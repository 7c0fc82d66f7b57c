from __future__ import annotations

import typer
from rich.table import Table

from liaison.accounts.principal import Principal
from liaison.accounts.service import user_by_username
from liaison.campaigns import service
from liaison.campaigns.api import campaign_read, summary_read
from liaison.cli_support import console, handled, print_json, unit_of_work
from liaison.clock import utcnow
from liaison.vocab import TLP

app = typer.Typer(no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Act as this user (campaigns as their agency sees them)")


@app.command("list")
@handled
def list_(as_user: str = AS_USER, limit: int = typer.Option(50, min=1, max=10_000),
          as_json: bool = typer.Option(False, "--json")) -> None:
    """Campaigns the user's agency sees a record of, largest first."""
    now = utcnow()
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        found = service.campaigns_for(session, principal.agency_id, now)
        shown = found[:limit]
        if as_json:
            print_json({"total": len(found),
                        "items": [summary_read(c).model_dump(mode="json") for c in shown]})
            return
        table = Table("id", "records", "visible", "hidden", "values", "also held by",
                      title=f"{len(found)} campaigns visible to {principal.agency_name}")
        for c in shown:
            table.add_row(c.id, str(c.size), str(c.visible), str(c.hidden), str(c.values),
                          ", ".join(f"{h.name} ({h.country})" for h in c.holders))
        console.print(table)


@app.command("show")
@handled
def show(campaign_id: str, as_user: str = AS_USER,
         as_json: bool = typer.Option(False, "--json")) -> None:
    """One campaign: the records the user's agency may see, the values linking them, the
    agencies holding matching information, and the countries involved."""
    now = utcnow()
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        view = service.campaign(session, principal.agency_id, campaign_id, now)
        if as_json:
            print_json(campaign_read(view).model_dump(mode="json"))
            return
        console.print(f"[bold]Campaign {view.id}[/]: {view.size} records, "
                      f"{view.visible} visible to {principal.agency_name}, {view.hidden} not")
        records = Table("created", "TLP", "owner", "title", "id", title="Records you may see")
        for r in view.records:
            records.add_row(f"{r.created_at:%Y-%m-%d}", TLP(r.tlp).label, r.owner.short_name,
                            r.title, r.id)
        console.print(records)
        values = Table("type", "value", "your records", "also held elsewhere",
                       title="Values linking them")
        for v in view.shared:
            values.add_row(v.type, v.value, str(len(v.records)), "yes" if v.also_hidden else "")
        console.print(values)
        for h in view.holders:
            console.print(f"[yellow]{h.name} ({h.country})[/] {h.note}; "
                          "contact them through a request.")
        countries = Table("country", "records", "hidden records", title="Countries involved")
        for row in view.countries:
            countries.add_row(row.country, str(row.records), str(row.hidden))
        console.print(countries)
