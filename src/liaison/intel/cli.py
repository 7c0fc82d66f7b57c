from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from liaison.accounts.principal import Principal
from liaison.accounts.service import user_by_username
from liaison.agencies.service import find_agency
from liaison.agreements.service import find_agreement
from liaison.cli_support import console, handled, print_json, unit_of_work
from liaison.clock import utcnow
from liaison.config import get_settings
from liaison.db import make_engine, make_session_factory
from liaison.errors import Invalid
from liaison.hits.service import Disclosed
from liaison.intel import service
from liaison.intel.bulk import import_pipelined
from liaison.intel.schemas import RecordCreate, RecordQuery
from liaison.schemas import parse
from liaison.vocab import TLP

app = typer.Typer(no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Act as this user (records belong to their agency)")


def _observable(text: str) -> dict[str, str]:
    kind, sep, value = text.partition("=")
    if not sep:
        raise Invalid.field("observable", f"write TYPE=VALUE, got {text!r}")
    return {"type": kind.strip(), "value": value.strip()}


@app.command("add")
@handled
def add(
    as_user: str = AS_USER,
    file: Path | None = typer.Option(None, exists=True, dir_okay=False,
                                     help="A JSON record (API body); other options override"),
    title: str | None = typer.Option(None),
    summary: str | None = typer.Option(None),
    offence: list[str] = typer.Option([], "--offence", help="e.g. illegal_access; repeat"),
    tlp: str | None = typer.Option(None, help="clear, green, amber, amber+strict, red"),
    distribution: str | None = typer.Option(None, help="owner, agencies, agreement, "
                                            "partners, everyone"),
    recipient: list[str] = typer.Option([], "--recipient", help="Agency for 'agencies'"),
    agreement: str | None = typer.Option(None, help="Agreement for 'agreement' distribution"),
    category: list[str] = typer.Option([], "--category", help="Data category; repeat"),
    purpose: str | None = typer.Option(None),
    observable: list[str] = typer.Option([], "--observable", help="TYPE=VALUE; repeat"),
    technique: list[str] = typer.Option([], "--technique",
                                        help="ATT&CK id the record cites, e.g. T1566; repeat"),
) -> None:
    """Record intelligence for your agency."""
    body: dict[str, Any] = json.loads(file.read_text()) if file else {}
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        overrides: dict[str, Any] = {
            "title": title, "summary": summary, "tlp": tlp, "distribution": distribution,
            "purpose": purpose, "offences": offence or None, "categories": category or None,
            "recipient_ids": [find_agency(session, r).id for r in recipient] or None,
            "distribution_agreement_id": find_agreement(session, agreement).id if agreement
            else None,
            "observables": [_observable(o) for o in observable] or None,
            "techniques": technique or None,
        }
        body.update({k: v for k, v in overrides.items() if v is not None})
        record = service.create_record(session, parse(RecordCreate, body), utcnow(), principal)
        console.print(f"[green]Recorded[/] {record.id}: {record.title}")


def _read_records(path: Path) -> list[Any]:
    """A JSON array of records, or JSON Lines (one record per line)."""
    text = path.read_text(encoding="utf-8")
    try:
        if text.lstrip().startswith("["):
            items = json.loads(text)
        else:
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise Invalid.field("file", f"not JSON or JSON Lines: {exc}") from None
    if not isinstance(items, list):
        raise Invalid.field("file", "give a JSON array of records or one record per line")
    return items


@app.command("import")
@handled
def import_(
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="Records as API bodies: a JSON array or JSON Lines"),
    as_user: str = AS_USER,
    batch: int = typer.Option(1000, min=1, max=10_000, help="Records per transaction"),
    keep_good: bool = typer.Option(False, help="Store a batch's good records even when "
                                   "some are refused"),
    workers: int = typer.Option(1, min=1, max=8, help="Processes parsing and normalising "
                                "beside the one writing"),
) -> None:
    """Import many records fast: a batch at a time, each in its own transaction.

    A refused batch stores nothing and stops the import (the batches before it stay);
    with --keep-good only the bad records are left out.
    """
    items = _read_records(file)
    engine = make_engine(get_settings().database_url)
    try:
        factory = make_session_factory(engine)
        with factory() as session:
            principal = Principal.of(user_by_username(session, as_user))
        batches = [(principal, items[i:i + batch]) for i in range(0, len(items), batch)]
        records = observables = matched = 0
        told: dict[str, Disclosed] = {}
        for outcome in import_pipelined(factory, batches, utcnow(), keep_good=keep_good,
                                        workers=workers):
            if outcome.error is not None:
                console.print(f"[yellow]Imported {records} records in {outcome.index} "
                              "batches before the refused one.[/]")
                raise outcome.error
            assert outcome.report is not None
            records += len(outcome.report.record_ids)
            observables += outcome.report.observables
            matched += outcome.report.matched
            told.update({d.agency_id: d for d in outcome.report.told})
            for refused in outcome.report.refused:
                console.print(f"[yellow]left out[/] {refused.field}: {refused.message}")
        console.print(f"[green]Imported[/] {records} records with {observables} observables; "
                      f"{matched} of them held elsewhere too.")
        for hit in sorted(told.values(), key=lambda d: d.agency_name):
            console.print(f"Hit {hit.reference}: {hit.agency_name} ({hit.country}) holds "
                          "matching information; contact them through a request.")
    finally:
        engine.dispose()


@app.command("list")
@handled
def list_(as_user: str = AS_USER, q: str | None = typer.Option(None),
          tlp: str | None = typer.Option(None), own: bool = typer.Option(False),
          limit: int = typer.Option(50, min=1, max=1000),
          as_json: bool = typer.Option(False, "--json")) -> None:
    """Records the user's agency may see, newest first."""
    query = parse(RecordQuery, {"q": q, "tlp": tlp, "own": own})
    now = utcnow()
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        rows, total = service.search_records(session, query, now, principal, limit=limit)
        if as_json:
            print_json({"total": total, "items": [service.summary_model(r).model_dump(mode="json")
                                                  for r in rows]})
            return
        table = Table("created", "TLP", "owner", "title", "id",
                      title=f"{total} records visible to {principal.agency_name}")
        for r in rows:
            table.add_row(f"{r.created_at:%Y-%m-%d}", TLP(r.tlp).label, r.owner.short_name,
                          r.title, r.id)
        console.print(table)


@app.command("show")
@handled
def show(record_id: str, as_user: str = AS_USER,
         as_json: bool = typer.Option(False, "--json")) -> None:
    """One record with its markings and why the user's agency may see it."""
    now = utcnow()
    with unit_of_work() as session:
        principal = Principal.of(user_by_username(session, as_user))
        record, decision = service.get_record(session, record_id, now, principal)
        view = service.read_model(record, decision)
        if as_json:
            print_json(view.model_dump(mode="json"))
            return
        console.print(f"[bold]{view.title}[/]  {TLP(record.tlp).label}")
        console.print(f"Owner: {view.owner.name} ({view.owner.country})   "
                      f"Distribution: {view.distribution}   Purpose: {view.purpose}")
        console.print(f"Offences: {', '.join(view.offences)}   Categories: "
                      f"{', '.join(view.categories)}")
        console.print(f"Source {view.source_reliability}{view.information_credibility}   "
                      f"Handling: {', '.join(view.handling_codes)}")
        console.print(view.summary)
        for o in view.observables:
            console.print(f"  {o.type:<12} {o.value}")
        console.print(f"[cyan]Why you see it:[/] {decision.reason}")
