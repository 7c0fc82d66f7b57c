from __future__ import annotations

import typer
from rich.table import Table

from liaison.accounts.principal import Principal
from liaison.accounts.service import user_by_username
from liaison.cli_support import console, handled, print_json, unit_of_work
from liaison.hits import service

app = typer.Typer(no_args_is_help=True)


@app.command("list")
@handled
def list_hits(
    as_user: str = typer.Option(..., "--as", help="Act as this user (username)"),
    side: str = typer.Option("holder", help="holder: matches against your agency's records; "
                             "seeker: hits your agency was told of"),
    limit: int = typer.Option(50, min=1, max=1000),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Deconfliction hits for your agency, newest first."""
    if side not in ("holder", "seeker"):
        raise typer.BadParameter("holder or seeker", param_hint="--side")
    with unit_of_work() as session:
        by = Principal.of(user_by_username(session, as_user))
        rows, total = service.listed(session, by, side="seeker" if side == "seeker" else "holder",
                                     limit=limit, offset=0)
        names = service.agencies(session, sorted({r.seeker_id for r in rows}
                                                 | {r.holder_id for r in rows}))
        if as_json:
            print_json({"total": total, "items": [
                {"reference": r.reference, "seeker_agency": names[r.seeker_id].name,
                 "holder_agency": names[r.holder_id].name, "record_id": r.record_id,
                 "type": r.type, "value": r.value, "source": r.source,
                 "disclosed": r.disclosed, "last_at": r.last_at, "times": r.times}
                for r in rows]})
            return
        table = Table("reference", "when", "matched by" if side == "holder" else "held by",
                      "type", "value", "record" if side == "holder" else "", "told",
                      title=f"{len(rows)} of {total} hits ({side})")
        for r in rows:
            other = names[r.seeker_id if side == "holder" else r.holder_id]
            table.add_row(r.reference, r.last_at.isoformat(timespec="minutes"),
                          f"{other.name} ({other.country})", r.type, r.value,
                          r.record_id or "", "yes" if r.disclosed else "no (covert)")
        console.print(table)
