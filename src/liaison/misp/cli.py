"""`liaison misp`: MISP events in and out from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from liaison.accounts.principal import Principal
from liaison.accounts.service import user_by_username
from liaison.cli_support import console, handled, print_json, read_json, unit_of_work
from liaison.clock import utcnow
from liaison.intel.schemas import RecordQuery
from liaison.misp import service
from liaison.misp.schemas import MispImport
from liaison.schemas import parse

app = typer.Typer(no_args_is_help=True)


@app.command("export")
@handled
def export(
    as_user: str = typer.Option(..., "--as", help="Export what this user's agency may see"),
    out: Path | None = typer.Option(None, "--out", dir_okay=False),
    q: str | None = typer.Option(None), tlp: str | None = typer.Option(None),
    own: bool = typer.Option(False),
    limit: int = typer.Option(service.MAX_RECORDS, min=1, max=service.MAX_RECORDS),
) -> None:
    """Records as MISP events (MISP's REST form: {"response": [{"Event": ...}]})."""
    query = parse(RecordQuery, {"q": q, "tlp": tlp, "own": own})
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        events = service.export_events(session, query, utcnow(), principal, limit=limit)
    text = json.dumps({"response": events}, indent=2, ensure_ascii=False, default=str)
    if out is None:
        print(text)
        return
    out.write_text(text + "\n")
    console.print(f"{len(events)} events written to {out}")


def _events(data: Any) -> list[Any]:
    """A MISP event, a list of them, or a search answer ({"response": [...]})."""
    if isinstance(data, dict) and isinstance(data.get("response"), list):
        return list(data["response"])
    return list(data) if isinstance(data, list) else [data]


@app.command("import")
@handled
def import_(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="MISP event JSON"),
    as_user: str = typer.Option(..., "--as"),
    offence: list[str] = typer.Option(..., "--offence", help="Offence of the records; repeat"),
    tlp: str = typer.Option("amber", help="TLP where an event has no tlp: tag"),
    distribution: str = typer.Option("owner", help="Where an event has no distribution"),
    category: list[str] = typer.Option(["technical_indicators"], "--category"),
    purpose: str = typer.Option("intelligence"),
    keep_good: bool = typer.Option(False, help="Leave out values that do not validate"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Import MISP events: each event a record, its indicator attributes its observables."""
    events = _events(read_json(file))
    body = parse(MispImport, {"events": events, "keep_good": keep_good, "defaults": {
        "offences": offence, "tlp": tlp, "distribution": distribution,
        "categories": category, "purpose": purpose}})
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        outcome = service.import_events(session, body, utcnow(), principal)
    if as_json:
        print_json(outcome.to_json())
        return
    console.print(f"[green]{len(outcome.record_ids)} records[/], {outcome.observables} "
                  "observables imported.")
    if outcome.not_imported:
        console.print("Not imported (no Liaison type): " + ", ".join(
            f"{n} {kind}" for kind, n in sorted(outcome.not_imported.items())))
    for problem in outcome.left_out:
        console.print(f"[yellow]left out {problem.field}: {problem.message}[/]")
