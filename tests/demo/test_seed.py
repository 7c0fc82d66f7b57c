"""The demo federation: seeded once per module through the services, then inspected.

The module seeds into the test database itself (the `session_factory` fixture would empty the
tables after every test) and empties it again at the end.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from liaison.accounts import service as accounts
from liaison.accounts.principal import Principal
from liaison.audit import service as audit
from liaison.cli import app
from liaison.clock import as_utc
from liaison.config import get_settings
from liaison.db import Base, make_session_factory, transaction
from liaison.demo.data import DEMO_PASSWORD, NATIONAL_UNITS
from liaison.demo.seed import SeedReport, all_logins, seed
from liaison.intel.schemas import RecordQuery
from liaison.intel.service import count_records
from liaison.models import Agency, Agreement, AuditEntry, Observable, Record, User
from liaison.observables import normalise
from liaison.policy import decide, in_force
from liaison.vocab import TLP, AgencyKind, Distribution, Role

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
COUNTRIES = {"DE", "FR", "NL", "GB", "US", "UA", "BR", "NG", "SG", "JP"}
REAL_NAMES = ("europol", "interpol", "eurojust", "fbi", "bka", "nca", "ec3", "ic3", "politie",
              "national crime agency", "police nationale", "secret service", "cert eu")


@dataclass
class Seeded:
    factory: sessionmaker[Session]
    report: SeedReport
    seconds: float


def _empty(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(scope="module")
def seeded(engine: Engine) -> Iterator[Seeded]:
    _empty(engine)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    with transaction(factory) as session:
        report = seed(session, NOW)
    yield Seeded(factory, report, time.perf_counter() - started)
    _empty(engine)


@pytest.fixture
def db(seeded: Seeded) -> Iterator[Session]:
    with seeded.factory() as session:
        yield session
        session.rollback()


def _count(db: Session, model: type[Base]) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def _principal(db: Session, username: str) -> Principal:
    return Principal.of(accounts.user_by_username(db, username))


def test_seed_creates_the_federation_in_reasonable_time(seeded: Seeded) -> None:
    report = seeded.report
    assert (report.agencies.created, report.users.created) == (15, 45)
    assert (report.agreements.created, report.records.created) == (14, 300)
    assert seeded.seconds < 60


def test_agencies_span_the_required_kinds_and_countries(db: Session) -> None:
    rows = list(db.scalars(select(Agency)))
    assert 13 <= len(rows) <= 16
    kinds = Counter(a.kind for a in rows)
    assert kinds[AgencyKind.POLICE] >= 10 and kinds[AgencyKind.COORDINATION_BODY] >= 2
    for kind in (AgencyKind.PROSECUTION, AgencyKind.CERT, AgencyKind.PRIVATE_PARTNER):
        assert kinds[kind] >= 1
    police = [a for a in rows if a.kind == AgencyKind.POLICE]
    assert {a.country for a in police} >= COUNTRIES
    assert all(a.is_contact_point for a in police)
    for agency in rows:  # invented names, nothing to mistake for a real body
        words = " " + " ".join(re.findall(r"[a-z0-9]+", agency.name.lower())) + " "
        assert not [n for n in REAL_NAMES if f" {n} " in words], agency.name


def test_users_cover_every_role_and_the_printed_logins_every_kind(db: Session,
                                                                 seeded: Seeded) -> None:
    users = list(db.scalars(select(User)))
    assert {r for u in users for r in u.roles} == {r.value for r in Role}
    for agency in db.scalars(select(Agency)):
        assert any(Role.ADMIN in u.roles for u in users if u.agency_id == agency.id), agency.name
    admins = [u for u in users if u.is_node_admin]
    assert [u.username for u in admins] == ["hub.admin"]
    printed = seeded.report.logins
    assert {r for login in printed for r in login.roles} == {r.value for r in Role}
    assert {login.agency_kind for login in printed} == {k.value for k in AgencyKind} - {
        AgencyKind.JUDICIAL.value}
    assert all(login.password == DEMO_PASSWORD for login in printed)


def test_agreements_have_varied_scopes_and_states(db: Session) -> None:
    rows = list(db.scalars(select(Agreement)))
    assert 10 <= len(rows) <= 15
    assert Counter(a.kind for a in rows).keys() == {"bilateral", "multilateral"}
    suspended = [a for a in rows if a.status == "suspended"]
    assert len(suspended) == 1 and suspended[0].status_reason
    expired = [a for a in rows if a.status == "active" and a.valid_until
               and as_utc(a.valid_until) <= NOW]
    future = [a for a in rows if a.valid_from and as_utc(a.valid_from) > NOW]
    assert expired and future
    assert sum(in_force(a, NOW) for a in rows) >= 9
    network = next(a for a in rows if "ETS 185 Art. 35" in a.legal_reference)
    assert network.category_mask == 1 and network.max_tlp <= TLP.AMBER
    assert len({(a.category_mask, a.purpose_mask, a.max_tlp) for a in rows}) >= 8


def test_records_have_a_realistic_mix_of_markings(db: Session) -> None:
    records = list(db.scalars(select(Record)))
    assert 280 <= len(records) <= 320
    tlps = Counter(TLP(r.tlp) for r in records)
    assert tlps[TLP.GREEN] + tlps[TLP.AMBER] > len(records) / 2
    assert tlps[TLP.CLEAR] >= 10 and tlps[TLP.AMBER_STRICT] >= 10 and 1 <= tlps[TLP.RED] <= 20
    assert {r.distribution for r in records} == {d.value for d in Distribution}
    assert all(r.distribution == Distribution.AGENCIES for r in records if r.tlp == TLP.RED)
    assert len({r.purpose for r in records}) == 4
    assert len({r.source_reliability + str(r.information_credibility) for r in records}) >= 6
    assert len({tuple(r.handling_codes) for r in records}) >= 4
    expiring = [as_utc(r.expires_at) for r in records if r.expires_at]
    assert expiring and any(e <= NOW for e in expiring) and any(e > NOW for e in expiring)
    created = sorted(as_utc(r.created_at) for r in records)
    assert NOW - timedelta(days=560) < created[0] and created[-1] < NOW
    assert created[-1] - created[0] > timedelta(days=365)
    assert len({r.title for r in records}) > 250


def test_observables_are_valid_varied_and_shared_across_agencies(db: Session) -> None:
    rows = db.execute(select(Observable.type, Observable.value, Record.owner_id).join(Record))
    owners: dict[tuple[str, str], set[str]] = {}
    for type_, value, owner in rows:
        assert normalise(type_, value) == value
        owners.setdefault((type_, value), set()).add(owner)
    types = {t for t, _ in owners}
    assert types >= {"ipv4", "domain", "url", "email", "sha256", "btc_address", "eth_address",
                     "iban", "phone", "onion", "handle"}
    assert sum(len(o) > 1 for o in owners.values()) >= 20


def test_every_record_is_its_owners_and_authored_there(db: Session) -> None:
    users = {u.id: u for u in db.scalars(select(User))}
    for record in db.scalars(select(Record)):
        assert decide(db, record, record.owner_id, NOW).rule == "owner"
        assert record.author_id is not None
        assert users[record.author_id].agency_id == record.owner_id


def test_partners_see_a_real_but_partial_share(db: Session) -> None:
    total = _count(db, Record)
    for key in (*NATIONAL_UNITS, "hub", "rcc", "exchange", "cert", "pps"):
        viewer = _principal(db, next(login.username for login in all_logins()
                                     if login.username.startswith(f"{key}.")
                                     and "admin" not in login.roles))
        own = count_records(db, RecordQuery(own=True), NOW, viewer)
        others = count_records(db, RecordQuery(), NOW, viewer) - own
        assert 0.15 * (total - own) <= others <= 0.8 * (total - own), key


def test_the_suspended_agreement_shares_nothing(db: Session) -> None:
    agreement = db.scalars(select(Agreement).where(Agreement.status == "suspended")).one()
    records = list(db.scalars(select(Record).where(
        Record.distribution_agreement_id == agreement.id)))
    assert records
    for record in records:
        for member in agreement.members:
            if member.id != record.owner_id:
                assert not decide(db, record, member.id, NOW).visible


def test_every_printed_login_authenticates(db: Session, seeded: Seeded) -> None:
    for login in seeded.report.logins:
        user = accounts.authenticate(db, login.username, login.password, NOW)
        assert user.agency.name == login.agency and user.agency.kind == login.agency_kind
        assert set(user.roles) == set(login.roles)
        assert user.is_node_admin == login.node_admin


def test_the_audit_trail_holds_and_reads_in_order(db: Session) -> None:
    assert audit.verify(db).ok
    times = list(db.scalars(select(AuditEntry.at).order_by(AuditEntry.seq)))
    assert len(times) >= 15 + 45 + 14 + 300 + 1
    assert times == sorted(times)


def test_seeding_twice_changes_nothing(seeded: Seeded) -> None:
    models: list[type[Base]] = [Agency, User, Agreement, Record, Observable, AuditEntry]
    with seeded.factory() as s:
        before = [_count(s, m) for m in models]
    with transaction(seeded.factory) as s:
        again = seed(s, NOW + timedelta(days=3))
    assert not again.changed
    assert (again.agencies.existing, again.users.existing) == (15, 45)
    assert (again.agreements.existing, again.records.existing) == (14, 300)
    with seeded.factory() as s:
        assert [_count(s, m) for m in models] == before


def test_the_command_prints_one_login_per_role_and_kind(seeded: Seeded, database_url: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["demo", "seed"])
        quiet = CliRunner().invoke(app, ["demo", "seed", "--quiet"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.output and "http://127.0.0.1:8000" in result.output
    for login in seeded.report.logins:
        assert login.username in result.output
    assert DEMO_PASSWORD in result.output
    assert quiet.exit_code == 0 and quiet.output == ""


def test_the_printed_logins_fit_80_columns(seeded: Seeded, database_url: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        outputs = [CliRunner().invoke(app, ["demo", "seed", *extra], env={"COLUMNS": "80"})
                   for extra in ([], ["--all-logins"])]
    finally:
        get_settings.cache_clear()
    for result in outputs:
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.output.splitlines()) <= 80
        assert "…" not in result.output, "nothing is cut short"
    lines = outputs[0].output.splitlines()
    for login in seeded.report.logins:  # each login on one line, its agency whole on another
        roles = ", ".join(r.replace("_", " ") for r in login.roles)
        assert any(line.split()[:1] == [login.username] and roles in line
                   for line in lines), login.username
        assert any(line.startswith(login.agency + " (") for line in lines), login.agency
    assert any(DEMO_PASSWORD in line for line in lines[:8]), "the password is given up front"
    everyone = outputs[1].output
    assert all(login.username in everyone for login in all_logins())


def test_the_login_listing_fits_80_columns_without_wrapping() -> None:
    from rich.console import Console

    from liaison.demo.cli import login_listing

    wide = Console(width=200, color_system=None)
    with wide.capture() as captured:
        wide.print(login_listing(all_logins()))
    lines = captured.get().splitlines()
    assert len(lines) > 45 and max(len(line.rstrip()) for line in lines) <= 80
