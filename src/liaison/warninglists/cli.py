"""`liaison warninglist`: which lists this node uses, and why a value would not correlate."""

from __future__ import annotations

from dataclasses import asdict

import typer
from rich.table import Table

from liaison import warninglists
from liaison.cli_support import console, handled, print_json
from liaison.errors import Invalid
from liaison.observables import InvalidObservable, normalise

app = typer.Typer(no_args_is_help=True)


@app.command("list")
@handled
def list_(enabled_only: bool = typer.Option(False, "--enabled", help="Only the enabled lists"),
          as_json: bool = typer.Option(False, "--json", help="JSON instead of a table")) -> None:
    """Every warninglist this node could use (LIAISON_WARNINGLISTS enables them); titles and
    descriptions are in --json."""
    rows = [i for i in warninglists.available() if i.enabled or not enabled_only]
    if as_json:
        print_json({"data_version": warninglists.data_version(),
                    "lists": [asdict(i) for i in rows]})
        return
    table = Table("name", "type", "entries", "enabled", "applies to")
    for info in rows:
        table.add_row(info.name, info.kind, f"{info.entries:,}", "yes" if info.enabled else "",
                      " ".join(info.applies_to))
    console.print(table)
    console.print(f"{sum(i.enabled for i in rows)} enabled; data: "
                  f"{warninglists.data_version()}")


@app.command("check")
@handled
def check(type_: str = typer.Argument(..., metavar="TYPE", help="Observable type, e.g. domain"),
          value: str = typer.Argument(..., help="The value (defanged is fine)"),
          as_json: bool = typer.Option(False, "--json", help="JSON instead of text")) -> None:
    """Which enabled lists hold a value, so that it does not correlate (exit 0 either way)."""
    try:
        canonical = normalise(type_, value)
    except InvalidObservable as exc:
        raise Invalid.field("value", str(exc)) from None
    listings = warninglists.check(type_, canonical)
    if as_json:
        print_json({"type": type_, "value": canonical,
                    "listings": [asdict(listing) for listing in listings]})
        return
    if not listings:
        console.print(f"{type_} {canonical}: on no enabled warninglist; it correlates.")
        return
    console.print(f"{type_} {canonical}: does not correlate, listed by")
    for listing in listings:
        console.print(f"  [bold]{listing.name}[/] (version {listing.version}, entry "
                      f"{listing.entry!r}): {listing.title}. {listing.description}",
                      markup=True, highlight=False)
