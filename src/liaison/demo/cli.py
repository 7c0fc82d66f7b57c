"""`liaison demo seed`: build the demo federation and print how to log in."""

from __future__ import annotations

import time
from itertools import groupby

import typer
from rich.text import Text

from liaison.cli_support import console, handled, unit_of_work
from liaison.clock import utcnow
from liaison.config import get_settings
from liaison.demo.data import DEMO_PASSWORD
from liaison.demo.seed import Login, SeedReport, Tally, all_logins, seed

app = typer.Typer(no_args_is_help=True)


@app.command("seed")
@handled
def seed_command(
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing on success."),
    every_login: bool = typer.Option(False, "--all-logins",
                                     help="List every demo user, not one per role and kind."),
) -> None:
    """Create the demo federation: 15 agencies, their users, agreements and 300 records.

    Idempotent: whatever exists already is left as it is, so a second run changes nothing.
    """
    started = time.perf_counter()
    with unit_of_work() as session:
        report = seed(session, utcnow())
    if quiet:
        return
    console.print(_summary(report, time.perf_counter() - started))
    console.print()
    console.print(login_listing(all_logins() if every_login else report.logins))
    console.print()
    if not every_login:
        console.print(f"(One login per role and kind of agency; --all-logins lists all "
                      f"{len(all_logins())}.)")
    settings = get_settings()
    console.print(f"Open [bold]http://{settings.host}:{settings.port}[/] and log in with any user "
                  f"above; every demo user's password is [bold]{DEMO_PASSWORD}[/].")


def _summary(report: SeedReport, seconds: float) -> str:
    def part(name: str, tally: Tally) -> str:
        return f"{tally.created + tally.existing} {name} ({tally.created} new)"

    parts = ", ".join(part(n, t) for n, t in (
        ("agencies", report.agencies), ("users", report.users),
        ("agreements", report.agreements), ("records", report.records)))
    state = "[green]Demo federation seeded[/]" if report.changed else (
        "[yellow]Demo federation already in place; nothing changed[/]")
    return f"{state}: {parts} in {seconds:.1f} s."


def login_listing(logins: list[Login]) -> Text:
    """The logins grouped under their agencies, one per line: narrow enough for 80 columns
    without wrapping (a table with an agency column wrapped every row into four lines)."""
    text = Text()
    text.append("Demo logins", style="bold")
    text.append(f" (every one's password: {DEMO_PASSWORD})\n")
    width = max((len(row.username) for row in logins), default=0) + 2
    for (agency, kind), rows in groupby(logins, key=lambda row: (row.agency, row.agency_kind)):
        text.append("\n")
        text.append(agency, style="bold")
        text.append(f" ({kind.replace('_', ' ')})\n")
        for row in rows:
            roles = ", ".join(r.replace("_", " ") for r in row.roles) + (
                " + node admin" if row.node_admin else "")
            text.append("  ")
            text.append(row.username.ljust(width), style="cyan")
            text.append(f"{roles}\n")
    text.rstrip()
    return text
