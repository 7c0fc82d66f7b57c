from __future__ import annotations

import typer
from rich.table import Table

from liaison.audit import service
from liaison.cli_support import console, err_console, handled, unit_of_work

app = typer.Typer(no_args_is_help=True)


@app.command("verify")
@handled
def verify() -> None:
    """Check the whole chain; name the first edited, deleted or reordered entry."""
    with unit_of_work() as session:
        result = service.verify(session)
    if result.ok:
        console.print(f"[green]Audit trail intact:[/] {result.entries} entries verified.")
        return
    err_console.print(f"[bold red]Audit trail broken at entry {result.first_bad_seq}:[/] "
                      f"{result.problem}")
    raise typer.Exit(1)


@app.command("tail")
@handled
def tail(limit: int = typer.Option(20, min=1, max=1000)) -> None:
    """The latest entries."""
    with unit_of_work() as session:
        rows, total = service.entries(session, limit=limit)
        table = Table("seq", "at", "action", "object", "actor agency", "details",
                      title=f"last {len(rows)} of {total}")
        for e in rows:
            table.add_row(str(e.seq), e.at.isoformat(timespec="seconds"), e.action,
                          f"{e.object_type}:{e.object_id or ''}", e.actor_agency_id or "system",
                          e.details[:80])
        console.print(table)
