from __future__ import annotations

from datetime import datetime

import typer
from rich.table import Table

from liaison.agencies.service import find_agency
from liaison.agreements import service
from liaison.agreements.schemas import AgreementCreate, StatusChange
from liaison.cli_support import console, handled, unit_of_work
from liaison.clock import utcnow
from liaison.schemas import parse
from liaison.vocab import AgreementStatus

app = typer.Typer(no_args_is_help=True)


@app.command("create")
@handled
def create(
    name: str = typer.Option(...),
    member: list[str] = typer.Option(..., "--member", help="Agency id or short name; repeat"),
    legal_basis: str = typer.Option(..., help="The legal basis in words"),
    reference: str = typer.Option(..., help="Treaty and article, e.g. 'ETS 185 Art. 35'"),
    category: list[str] = typer.Option(..., "--category", help="technical_indicators, "
                                       "personal_data, financial_data, case_information"),
    purpose: list[str] = typer.Option(..., "--purpose", help="prevention, investigation, "
                                      "prosecution, intelligence"),
    max_tlp: str = typer.Option(..., help="clear, green, amber, amber+strict, red"),
    retention_days: int = typer.Option(365),
    onward_transfer: bool = typer.Option(False),
    valid_from: datetime | None = typer.Option(None, formats=["%Y-%m-%d"]),
    valid_until: datetime | None = typer.Option(None, formats=["%Y-%m-%d"]),
) -> None:
    """Make an agreement: bilateral with two members, multilateral with more."""
    with unit_of_work() as session:
        members = [find_agency(session, m).id for m in member]
        data = parse(AgreementCreate, {
            "name": name, "kind": "bilateral" if len(members) == 2 else "multilateral",
            "member_ids": members, "legal_basis": legal_basis, "legal_reference": reference,
            "categories": category, "purposes": purpose, "max_tlp": max_tlp,
            "retention_days": retention_days, "onward_transfer": onward_transfer,
            "valid_from": _utc(valid_from), "valid_until": _utc(valid_until)})
        agreement = service.create_agreement(session, data, utcnow())
        console.print(f"[green]Created agreement[/] {agreement.name} {agreement.id}")


def _utc(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT00:00:00Z")


def _change(ref: str, status: AgreementStatus, reason: str) -> None:
    data = parse(StatusChange, {"reason": reason})
    with unit_of_work() as session:
        agreement = service.find_agreement(session, ref)
        service.set_status(session, agreement, status, data.reason, utcnow())
        console.print(f"[green]{agreement.name} is now {status.value}.[/]")


@app.command("suspend")
@handled
def suspend(agreement: str = typer.Argument(..., help="Agreement id or name"),
            reason: str = typer.Option(..., help="Why; recorded in the audit trail")) -> None:
    """Suspend an agreement: it grants nothing from this moment, on every path."""
    _change(agreement, AgreementStatus.SUSPENDED, reason)


@app.command("reinstate")
@handled
def reinstate(agreement: str = typer.Argument(...), reason: str = typer.Option(...)) -> None:
    """Make a suspended agreement active again."""
    _change(agreement, AgreementStatus.ACTIVE, reason)


@app.command("list")
@handled
def list_() -> None:
    """All agreements on this node."""
    from liaison.accounts.principal import Principal

    now = utcnow()
    with unit_of_work() as session:
        operator = Principal("cli", "cli", "cli", "", "", (), node_admin=True)
        rows, total = service.list_agreements(session, operator, limit=1000)
        table = Table("name", "kind", "status", "in force", "members", "max TLP", "reference",
                      title=f"{total} agreements")
        for a in rows:
            view = service.read_model(a, now)
            table.add_row(view.name, view.kind, view.status, "yes" if view.in_force else "no",
                          str(len(view.members)), view.max_tlp, view.legal_reference)
        console.print(table)
