"""`liaison lookup`: run a private lookup on this node, and look after the tokens."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.table import Table

from liaison.accounts.principal import Principal
from liaison.accounts.service import user_by_username
from liaison.agencies.service import find_agency
from liaison.cli_support import console, err_console, handled, print_json, unit_of_work
from liaison.clock import utcnow
from liaison.config import get_settings
from liaison.lookup import client, index, service

app = typer.Typer(no_args_is_help=True)


@app.command("run")
@handled
def run(
    as_user: str = typer.Option(..., "--as", help="Ask as this user (for their agency)"),
    partner: str = typer.Option(..., help="The partner agency (short name, name or id)"),
    file: Path = typer.Option(..., exists=True, dir_okay=False,
                              help="One 'type value' per line, e.g. 'ipv4 203.0.113.7'"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Ask a partner which of these values it holds, without showing it the values."""
    pairs = client.parse_values(file.read_text().splitlines())
    started = time.perf_counter()
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        other = find_agency(session, partner)
        outcome = client.run_lookup(session, principal, other.id, pairs, utcnow(),
                                    max_per_day=get_settings().lookup_max_values_per_day)
    seconds = round(time.perf_counter() - started, 3)
    if as_json:
        print_json({"partner": other.short_name, "asked": outcome.asked,
                    "partner_values": outcome.partner_values, "epoch": outcome.epoch,
                    "hits": [{"type": t, "value": v} for t, v in outcome.hits],
                    "not_asked_warninglisted": [
                        {"type": t, "value": v, "lists": list(lists)}
                        for (t, v), lists in outcome.warninglisted],
                    "bytes_sent": outcome.bytes_sent, "bytes_received": outcome.bytes_received,
                    "seconds": seconds})
        return
    console.print(f"[bold]{len(outcome.hits)} of {outcome.asked} values held by "
                  f"{other.short_name}[/]")
    if outcome.hits:
        table = Table("type", "value")
        for type_, value in outcome.hits:
            table.add_row(type_, value)
        console.print(table)
    if outcome.warninglisted:
        console.print(f"[yellow]{len(outcome.warninglisted)} not asked: on a warninglist, so "
                      "they do not correlate[/]")
        listed = Table("type", "value", "warninglists")
        for (type_, value), lists in outcome.warninglisted:
            listed.add_row(type_, value, ", ".join(lists))
        console.print(listed)
    console.print(f"{other.short_name} holds {outcome.partner_values} values (key epoch "
                  f"{outcome.epoch}); {outcome.bytes_sent} bytes sent, "
                  f"{outcome.bytes_received} received, {seconds} s.")


@app.command("rotate")
@handled
def rotate(agency: str = typer.Argument(..., help="Agency whose key to replace")) -> None:
    """Give an agency a new lookup key and re-encode its tokens (operators)."""
    with unit_of_work() as session:
        found = find_agency(session, agency)
        epoch, values = service.rotate_key(session, found, utcnow())
    console.print(f"[green]{found.short_name}: key epoch {epoch}[/], {values} values "
                  "re-encoded.")


@app.command("refresh")
@handled
def refresh() -> None:
    """Encode the values bulk imports left for later (done anyway before tokens are served)."""
    with unit_of_work() as session:
        encoded = index.catch_up(session.connection())
    console.print(f"[green]Encoded[/] {encoded} values.")


@app.command("rebuild")
@handled
def rebuild(agency: str = typer.Argument(..., help="Agency whose tokens to recompute")) -> None:
    """Recompute an agency's tokens from its records (after a restore or a bulk SQL load)."""
    with unit_of_work() as session:
        found = find_agency(session, agency)
        values = index.rebuild(session.connection(), found.id)
    console.print(f"[green]{found.short_name}:[/] {values} values encoded.")


@app.command("check")
@handled
def check() -> None:
    """Compare every agency's tokens with a rebuild; exit 1 if they differ."""
    with unit_of_work() as session:
        problems = index.check(session.connection())
    if not problems:
        console.print("[green]Lookup tokens match the records.[/]")
        return
    for problem in problems:
        err_console.print(f"[bold red]Out of step:[/] {problem}")
    err_console.print("Run `liaison lookup rebuild <agency>` to repair.")
    raise typer.Exit(1)
