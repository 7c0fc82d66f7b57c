"""The `liaison` command: one Typer app, a sub-app per domain."""

from __future__ import annotations

import typer

from liaison.cli_support import console, handled

app = typer.Typer(no_args_is_help=True, help="Liaison: cross-border cybercrime cooperation.",
                  pretty_exceptions_enable=False)


@app.command()
@handled
def migrate(revision: str = typer.Argument("head", help="Alembic revision to reach")) -> None:
    """Bring the database schema up to date (the only way the schema is made)."""
    from liaison import migrate as migrations
    from liaison.config import get_settings

    migrations.upgrade(get_settings().database_url, revision)
    console.print(f"[green]Database at revision {revision}.[/]")


@app.command()
def serve(host: str | None = typer.Option(None), port: int | None = typer.Option(None),
          reload: bool = typer.Option(False, help="Restart on code changes (development)")) -> None:
    """Serve the web console and the API."""
    import uvicorn

    from liaison.config import get_settings
    from liaison.logs import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    console.print(f"Liaison console and API on http://{host or settings.host}:"
                  f"{port or settings.port}/  (Ctrl+C to stop)")
    uvicorn.run("liaison.app:create_app", factory=True, host=host or settings.host,
                port=port or settings.port, reload=reload, log_config=None, access_log=False)


def _register() -> None:
    from liaison.accounts.cli import app as users_app
    from liaison.accounts.cli import token_app
    from liaison.agencies.cli import app as agencies_app
    from liaison.agreements.cli import app as agreements_app
    from liaison.attack.cli import app as attack_app
    from liaison.audit.cli import app as audit_app
    from liaison.campaigns.cli import app as campaigns_app
    from liaison.correlation.sightings_cli import app as sightings_app
    from liaison.demo.cli import app as demo_app
    from liaison.hits.cli import app as hits_app
    from liaison.intel.cli import app as records_app
    from liaison.lookup.cli import app as lookup_app
    from liaison.misp.cli import app as misp_app
    from liaison.policy.cli import app as policy_app
    from liaison.stix.cli import app as stix_app
    from liaison.warninglists.cli import app as warninglists_app

    app.add_typer(agencies_app, name="agency", help="Agencies on this node.")
    app.add_typer(users_app, name="user", help="Users and their roles.")
    app.add_typer(token_app, name="token", help="API tokens.")
    app.add_typer(agreements_app, name="agreement", help="Agreements between agencies.")
    app.add_typer(records_app, name="record", help="Intelligence records.")
    app.add_typer(audit_app, name="audit", help="The hash-chained audit trail.")
    app.add_typer(demo_app, name="demo", help="The demo federation.")
    app.add_typer(policy_app, name="policy", help="The sharing policy's grants and counters.")
    app.add_typer(hits_app, name="hit", help="Deconfliction hits: matches out of sight.")
    app.add_typer(warninglists_app, name="warninglist",
                  help="Warninglists: values that must not correlate.")
    app.add_typer(lookup_app, name="lookup", help="Private hit/no-hit lookups between agencies.")
    app.add_typer(campaigns_app, name="campaign",
                  help="Campaigns: records linked across agencies through shared values.")
    app.add_typer(sightings_app, name="sighting",
                  help="Sightings: who saw a value, when, where, how often.")
    app.add_typer(stix_app, name="stix", help="STIX 2.1 bundles: export and import.")
    app.add_typer(misp_app, name="misp", help="MISP events: export and import.")
    app.add_typer(attack_app, name="attack", help="MITRE ATT&CK reference knowledge.")


_register()


def main() -> None:
    app()
