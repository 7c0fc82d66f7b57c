"""`liaison attack`: load MITRE ATT&CK into the node and look it up."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.table import Table

from liaison.attack import reader, service
from liaison.cli_support import console, handled, print_json, unit_of_work
from liaison.clock import utcnow

app = typer.Typer(no_args_is_help=True)


@app.command("load")
@handled
def load(paths: list[Path] = typer.Argument(..., exists=True, help=(
        "ATT&CK STIX data: a 2.1 bundle (ics-attack-18.1.json), or a tar.gz or folder of "
        "2.0 bundles (MITRE's cti repository), up-converted to 2.1"))) -> None:
    """Load ATT&CK (operators); a newer version of an object replaces the held one."""
    for path in paths:
        started = time.perf_counter()
        with unit_of_work() as session:
            loaded = service.load(session, reader.read(path), utcnow(), None)
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(loaded.by_type.items(),
                                                          key=lambda x: -x[1])[:6])
        console.print(f"[green]{path.name}[/]: {loaded.added} added, {loaded.replaced} "
                      f"updated, {loaded.kept} already current ({kinds} …) in "
                      f"{time.perf_counter() - started:.1f} s")


@app.command("list")
@handled
def list_(q: str | None = typer.Option(None, help="ATT&CK id or words of the name"),
          kind: str | None = typer.Option(None, help="technique, tactic, software, group, "
                                          "campaign or mitigation"),
          limit: int = typer.Option(50, min=1, max=1000),
          as_json: bool = typer.Option(False, "--json")) -> None:
    """ATT&CK objects held by the node."""
    with unit_of_work() as session:
        rows, total = service.search(session, q=q, kind=kind, limit=limit)
        found = [(o.attack_id or "", service.KINDS.get(o.type, o.type), o.name, list(o.domains))
                 for o in rows]
    if as_json:
        print_json({"total": total, "items": [
            {"attack_id": a, "kind": k, "name": n, "domains": d} for a, k, n, d in found]})
        return
    table = Table("ATT&CK id", "kind", "name", "domains")
    for attack_id, kind_name, name, domains in found:
        table.add_row(attack_id, kind_name, name, ", ".join(domains))
    console.print(table)
    console.print(f"{len(found)} of {total}")


@app.command("show")
@handled
def show(attack_id: str) -> None:
    """One object by ATT&CK id (T1566) or STIX id."""
    with unit_of_work() as session:
        found = service.get(session, attack_id)
        console.print(f"[bold]{found.attack_id} {found.name}[/] ({found.type}, "
                      f"{', '.join(found.domains)})")
        console.print(found.url or "")
        console.print(found.description)
