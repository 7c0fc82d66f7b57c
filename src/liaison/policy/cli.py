from __future__ import annotations

import typer

from liaison.cli_support import console, err_console, handled, unit_of_work
from liaison.clock import utcnow
from liaison.policy import maintenance, tallies

app = typer.Typer(no_args_is_help=True)


@app.command("rebuild")
@handled
def rebuild() -> None:
    """Recompute grants and counters from agreements and records (after a bulk load)."""
    with unit_of_work() as session:
        done = maintenance.rebuild(session.connection())
    console.print(f"[green]Rebuilt:[/] {done.grants} grants, {done.records_counted} records "
                  "counted.")


@app.command("sweep")
@handled
def sweep() -> None:
    """Take records expired since the last sweep out of the counters (the server does this
    every LIAISON_COUNTER_SWEEP_SECONDS)."""
    with unit_of_work() as session:
        swept = tallies.sweep(session.connection(), utcnow())
    console.print(f"[green]Swept:[/] {swept} expired records left the counters.")


@app.command("check")
@handled
def check() -> None:
    """Compare grants and counters with a rebuild; exit 1 if they differ."""
    with unit_of_work() as session:
        problems = maintenance.check(session.connection())
    if not problems:
        console.print("[green]Grants and counters match their sources.[/]")
        return
    for problem in problems:
        err_console.print(f"[bold red]Out of step:[/] {problem}")
    err_console.print("Run `liaison policy rebuild` to repair.")
    raise typer.Exit(1)
