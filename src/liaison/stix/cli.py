"""`liaison stix`: STIX 2.1 exports from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from liaison.accounts.principal import Principal
from liaison.accounts.service import user_by_username
from liaison.cli_support import console, handled, print_json, read_json, unit_of_work
from liaison.clock import utcnow
from liaison.intel.schemas import RecordQuery
from liaison.schemas import parse
from liaison.stix import service
from liaison.stix.schemas import StixImport

app = typer.Typer(no_args_is_help=True)


@app.command("export")
@handled
def export(
    as_user: str = typer.Option(..., "--as", help="Export what this user's agency may see"),
    out: Path | None = typer.Option(None, "--out", dir_okay=False,
                                    help="Write the bundle here (default: standard output)"),
    q: str | None = typer.Option(None, help="Words in the title or summary"),
    tlp: str | None = typer.Option(None), own: bool = typer.Option(False),
    observable_type: str | None = typer.Option(None),
    observable_value: str | None = typer.Option(None),
    limit: int = typer.Option(service.MAX_RECORDS, min=1, max=service.MAX_RECORDS),
) -> None:
    """Records as a STIX 2.1 bundle (identities, reports, indicators, TLP 2.0 markings)."""
    query = parse(RecordQuery, {"q": q, "tlp": tlp, "own": own,
                                "observable_type": observable_type,
                                "observable_value": observable_value})
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        made = service.export_bundle(session, query, utcnow(), principal, limit=limit)
    text = json.dumps(made, indent=2, ensure_ascii=False)
    if out is None:
        print(text)
        return
    out.write_text(text + "\n")
    reports = sum(1 for o in made["objects"] if o["type"] == "report")
    console.print(f"{reports} records, {len(made['objects'])} STIX objects written to {out}")


@app.command("import")
@handled
def import_(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A STIX 2.1 bundle"),
    as_user: str = typer.Option(..., "--as", help="The records belong to this user's agency"),
    offence: list[str] = typer.Option(..., "--offence",
                                      help="Offence where the bundle names none; repeat"),
    tlp: str = typer.Option("amber", help="TLP where an object carries no TLP marking"),
    distribution: str = typer.Option("owner", help="owner, partners or everyone"),
    category: list[str] = typer.Option(["technical_indicators"], "--category"),
    purpose: str = typer.Option("intelligence"),
    keep_good: bool = typer.Option(False, help="Leave out values that do not validate"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Import a STIX 2.1 bundle: reports become records, indicators their observables."""
    body = parse(StixImport, {"bundle": read_json(file), "keep_good": keep_good, "defaults": {
        "offences": offence, "tlp": tlp, "distribution": distribution,
        "categories": category, "purpose": purpose}})
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        outcome = service.import_bundle(session, body, utcnow(), principal)
    if as_json:
        print_json(outcome.to_json())
        return
    console.print(f"[green]{len(outcome.record_ids)} records[/], {outcome.observables} "
                  f"observables imported; {len(outcome.already_held)} reports held already.")
    if outcome.not_imported:
        console.print("Not imported (no place in a record): " + ", ".join(
            f"{n} {kind}" for kind, n in sorted(outcome.not_imported.items())))
    for line in outcome.not_understood[:20]:
        console.print(f"[yellow]{line}[/]")
    for problem in outcome.left_out:
        console.print(f"[yellow]left out {problem.field}: {problem.message}[/]")
