"""Deconfliction hits: the seeker learns whom to contact, the owner learns who matched."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from liaison.audit.models import AuditEntry
from liaison.hits import service as hit_service
from tests import factories as f
from tests.api.conftest import World

VALUE = {"type": "domain", "value": "wallet-drainer-kit.top"}


def _br_record(session_factory: sessionmaker[Session], world: World, **fields: object) -> str:
    with session_factory() as s:
        br = s.merge(world.br_analyst)
        record = f.record(s, br, title="Drainer kit seen in BR", observables=[VALUE], **fields)
        s.commit()
        return record.id


def _search(client: TestClient, world: World, user: str = "de.analyst") -> dict:
    response = client.get("/api/v1/correlations", params=VALUE, headers=world.auth(user))
    assert response.status_code == 200, response.text
    return response.json()


def test_a_search_into_a_hidden_record_tells_whom_to_contact_and_tells_the_owner(
    client: TestClient, world: World, session_factory: sessionmaker[Session]
) -> None:
    record_id = _br_record(session_factory, world)
    found = _search(client, world)
    assert found["records"] == []
    (hit,) = found["hits"]
    assert hit["agency_name"] == world.br.name and hit["country"] == "BR"
    assert hit["reference"].startswith("H-")
    assert f"hit reference {hit['reference']}" in hit["message"]
    assert "Drainer" not in str(found)  # nothing of the record itself

    again = _search(client, world)
    assert again["hits"][0]["reference"] == hit["reference"]

    response = client.get("/api/v1/hits", params={"side": "holder"},
                          headers=world.auth("br.analyst"))
    assert response.status_code == 200, response.text
    (seen,) = response.json()["items"]
    assert seen["record_id"] == record_id and seen["seeker_agency"] == world.de.name
    assert seen["times"] == 2 and seen["source"] == "search" and seen["disclosed"]

    told = client.get("/api/v1/hits", params={"side": "seeker"},
                      headers=world.auth("de.analyst")).json()
    assert [h["reference"] for h in told["items"]] == [hit["reference"]]
    assert told["items"][0]["record_id"] is None  # the seeker never learns the record

    with session_factory() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "hit.create")).all()
        assert len(entries) == 1 and VALUE["value"] not in entries[0].details


def test_a_covert_record_tells_the_seeker_nothing_but_still_tells_the_owner(
    client: TestClient, world: World, session_factory: sessionmaker[Session]
) -> None:
    _br_record(session_factory, world, disclosable=False)
    assert _search(client, world)["hits"] == []
    inbox = client.get("/api/v1/hits", params={"side": "holder"},
                       headers=world.auth("br.analyst")).json()
    assert inbox["total"] == 1 and inbox["items"][0]["disclosed"] is False
    told = client.get("/api/v1/hits", params={"side": "seeker"},
                      headers=world.auth("de.analyst")).json()
    assert told["total"] == 0


def test_recording_a_value_others_hold_out_of_sight_makes_a_hit(
    client: TestClient, world: World, session_factory: sessionmaker[Session]
) -> None:
    _br_record(session_factory, world)
    created = client.post("/api/v1/records", headers=world.auth("de.analyst"), json={
        "title": "Drainer domain in a DE case", "offences": ["computer_related_fraud"],
        "tlp": "amber", "distribution": "partners", "categories": ["technical_indicators"],
        "purpose": "investigation", "observables": [VALUE]})
    assert created.status_code == 201, created.text
    inbox = client.get("/api/v1/hits", params={"side": "holder"},
                       headers=world.auth("br.analyst")).json()
    assert inbox["items"][0]["source"] == "record"
    # FR shares with DE under the pact: a visible holder is a correlation, not a hit
    fr_sees = client.get("/api/v1/hits", params={"side": "holder"},
                         headers=world.auth("fr.analyst")).json()
    assert fr_sees["total"] == 0


def test_warninglisted_values_and_visible_holders_make_no_hit(
    client: TestClient, world: World, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s:
        br = s.merge(world.br_analyst)
        f.record(s, br, title="Resolver", observables=[{"type": "ipv4", "value": "8.8.8.8"}])
        s.commit()
    found = client.get("/api/v1/correlations", params={"type": "ipv4", "value": "8.8.8.8"},
                       headers=world.auth("de.analyst")).json()
    assert found["hits"] == [] and found["warninglisted"]
    bad = client.get("/api/v1/hits", params={"side": "everyone"},
                     headers=world.auth("de.analyst"))
    assert bad.status_code == 422


def test_the_cli_lists_both_sides(
    client: TestClient, world: World, session_factory: sessionmaker[Session],
    database_url: str, monkeypatch,
) -> None:
    import json

    from typer.testing import CliRunner

    from liaison.cli import app
    from liaison.config import get_settings

    _br_record(session_factory, world)
    reference = _search(client, world)["hits"][0]["reference"]
    monkeypatch.setenv("LIAISON_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        holder = runner.invoke(app, ["hit", "list", "--as", "br.analyst", "--json"])
        assert holder.exit_code == 0, holder.output
        assert json.loads(holder.output)["items"][0]["reference"] == reference
        seeker = runner.invoke(app, ["hit", "list", "--as", "de.analyst", "--side", "seeker"],
                               env={"COLUMNS": "200"})
        assert seeker.exit_code == 0 and reference in seeker.output
        bad = runner.invoke(app, ["hit", "list", "--as", "de.analyst", "--side", "all"])
        assert bad.exit_code == 2
    finally:
        get_settings.cache_clear()


def test_the_console_inbox_shows_both_sides(
    client: TestClient, world: World, session_factory: sessionmaker[Session]
) -> None:
    from tests.web.test_views import login

    _br_record(session_factory, world)
    reference = _search(client, world)["hits"][0]["reference"]
    login(client, "br.analyst", f.PASSWORD)
    holder = client.get("/hits")
    assert holder.status_code == 200
    assert reference in holder.text and world.de.name in holder.text
    assert VALUE["value"] in holder.text
    client.cookies.clear()

    login(client, "de.analyst", f.PASSWORD)
    seeker = client.get("/hits?side=seeker")
    assert seeker.status_code == 200
    assert reference in seeker.text and world.br.name in seeker.text
    assert "/records/" not in seeker.text.split("<main")[-1]  # no link to the hidden record
    assert client.get("/hits?side=everyone").status_code == 422


def test_a_bulk_import_makes_hits_set_based_as_a_new_record_would(
    world: World, session_factory: sessionmaker[Session], now
) -> None:
    """An imported URL whose host BR holds out of DE's sight makes a hit (DE told whom to
    contact, BR told who matched which record); a covert BR record is matched but not named;
    warninglisted values and what DE may see make none."""
    from liaison.accounts.principal import Principal
    from liaison.hits.models import Hit
    from liaison.intel.bulk import import_records
    from liaison.intel.schemas import RecordCreate

    open_id = _br_record(session_factory, world)
    with session_factory() as s:
        covert = f.record(s, s.merge(world.br_analyst), title="Covert",
                          observables=[{"type": "md5", "value": "a" * 32}], disclosable=False)
        f.record(s, s.merge(world.fr_analyst), title="Shared with DE",
                 observables=[{"type": "sha1", "value": "b" * 40}])
        f.record(s, s.merge(world.br_analyst), title="Listed",
                 observables=[{"type": "domain", "value": "example.com"}])
        s.commit()
        covert_id = covert.id

    def item(*observables: dict[str, str]) -> RecordCreate:
        return RecordCreate.model_validate({
            "title": "Imported report", "offences": ["computer_related_fraud"], "tlp": "green",
            "distribution": "owner", "categories": ["technical_indicators"],
            "purpose": "investigation", "observables": list(observables)})

    with session_factory.begin() as s:
        de = Principal.of(s.merge(world.de_analyst))
        report = import_records(s, [
            item({"type": "url", "value": "hxxps://login.wallet-drainer-kit[.]top/x"}),
            item({"type": "md5", "value": "A" * 32}, {"type": "sha1", "value": "b" * 40}),
            item({"type": "domain", "value": "example.com"}),
        ], now, de)
        source_ids = report.record_ids
    assert [(d.agency_id, d.country) for d in report.told] == [(world.br.id, "BR")]

    with session_factory() as s:
        made = s.scalars(select(Hit).order_by(Hit.record_id)).all()
        assert sorted((h.record_id, h.type, h.value, h.disclosed, h.source_record_id)
                      for h in made) == sorted([
            (open_id, "url", "https://login.wallet-drainer-kit.top/x", True, source_ids[0]),
            (covert_id, "md5", "a" * 32, False, source_ids[1])])
        assert report.told[0].reference in {h.reference for h in made}
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action == "hit.create")).all()
        assert len(audited) == 2


def test_hit_references_are_random_and_easy_to_read_out():
    references = {hit_service._reference() for _ in range(3000)}
    assert len(references) == 3000
    assert all(re.fullmatch(r"H-[A-HJ-NP-Z2-9]{10}", r) for r in references)
    assert {c for r in references for c in r[2:]} == set(hit_service.REFERENCE_ALPHABET)
