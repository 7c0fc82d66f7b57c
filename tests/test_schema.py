"""The schema is made by migrations only, and the migrations match the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from liaison.db import Base
from liaison.models import Observable, Record  # noqa: F401  (completes the metadata)

SRC = Path(__file__).resolve().parents[1] / "src" / "liaison"


def test_models_and_migrations_agree(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_no_create_all_outside_migrations():
    offenders = [p for p in SRC.rglob("*.py") if "create_all(" in p.read_text()]
    assert offenders == []


def test_records_are_read_only_through_the_policy():
    """A query over records anywhere but the policy package would bypass the sharing rule.

    Services build record queries from `policy.record_filter(...)` or
    `policy.get_visible_record(...)`; a bare `select(Record)` or `session.get(Record, ...)`
    elsewhere is a side door.
    """
    allowed = {SRC / "policy"}
    offenders = []
    for path in SRC.rglob("*.py"):
        if any(parent in allowed for parent in path.parents):
            continue
        text = path.read_text()
        for needle in ("select(Record)", "select(Record.", "get(Record,", "query(Record"):
            if needle in text:
                offenders.append(f"{path.relative_to(SRC)}: {needle}")
    assert offenders == []


def test_records_and_agreements_are_written_through_the_orm():
    """Grants and counters follow records and agreements in ORM flushes; a bulk statement
    (`update(Record)`, `insert(Agreement)`, ...) would leave them behind unnoticed."""
    bulk = SRC / "intel" / "bulk.py"  # writes records set-based, and counts them itself
    assert "records_inserted(" in bulk.read_text() and "values_added(" in bulk.read_text()
    offenders = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path == bulk:
            continue
        text = path.read_text()
        for model in ("Record", "Agreement", "agreement_members", "record_recipients"):
            for verb in ("insert", "update", "delete"):
                for needle in (f"{verb}({model})", f"{model}.__table__.{verb}"):
                    if needle in text:
                        offenders.append(f"{path.relative_to(SRC)}: {needle}")
    assert offenders == []


def test_migrations_go_down_and_up_again(tmp_path):
    from liaison import migrate

    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    migrate.upgrade(url)
    migrate.downgrade(url, "base")
    migrate.upgrade(url)


def test_upgrading_a_populated_database_derives_grants_and_counters(tmp_path):
    """A node that ran revision 0001 keeps its data, and 0002 derives the policy's tables
    from it: the filter and the counters see what they would have seen had it been live."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    from liaison import migrate
    from liaison.db import make_engine, make_session_factory
    from liaison.policy import count_visible, record_filter
    from liaison.policy.maintenance import check

    url = f"sqlite:///{tmp_path / 'populated.sqlite3'}"
    migrate.upgrade(url, "0001")
    engine = make_engine(url)
    at = "2026-01-01 00:00:00.000000"
    with engine.begin() as conn:
        for ident in ("a", "b"):
            conn.execute(text(
                "INSERT INTO agencies (id, name, short_name, country, kind, timezone,"
                " is_contact_point, created_at) VALUES (:i, :i, :i, 'NL', 'police', 'UTC', 0,"
                " :at)"), {"i": ident, "at": at})
        conn.execute(text(
            "INSERT INTO agreements (id, name, kind, legal_basis, legal_reference, status,"
            " category_mask, purpose_mask, max_tlp, onward_transfer, retention_days,"
            " created_at, updated_at) VALUES ('g', 'g', 'bilateral', 'x', 'x', 'active', 15,"
            " 15, 2, 0, 365, :at, :at)"), {"at": at})
        conn.execute(text("INSERT INTO agreement_members VALUES ('g', 'a'), ('g', 'b')"))
        for ident, tlp in (("r1", 1), ("r2", 3)):
            conn.execute(text(
                "INSERT INTO records (id, owner_id, title, summary, tlp, handling_codes,"
                " source_reliability, information_credibility, distribution, category_mask,"
                " purpose, created_at, updated_at) VALUES (:i, 'a', :i, '', :tlp, '[]', 'A', 1,"
                " 'partners', 1, 'investigation', :at, :at)"), {"i": ident, "tlp": tlp, "at": at})
            conn.execute(text("INSERT INTO observables (record_id, type, value) VALUES"
                              " (:i, 'domain', 'Kept-Through.Upgrades.top')"), {"i": ident})
    engine.dispose()

    migrate.upgrade(url)
    engine = make_engine(url)
    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    try:
        with make_session_factory(engine)() as session:
            assert check(session.connection()) == []
            visible = session.scalars(record_filter(session, "b", now).where(
                select(Record.id))).all()
            assert visible == ["r1"]  # r2 is AMBER+STRICT, above the agreement's AMBER
            assert count_visible(session, "b", now) == 1
            assert count_visible(session, "a", now) == 2
            # no table rebuild on the way may cascade into the rows referring to it
            kept = session.scalars(select(Observable.value)).all()
            assert kept == ["kept-through.upgrades.top"] * 2  # and re-normalised by 0004
    finally:
        engine.dispose()
    migrate.downgrade(url, "0001")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM observables")).scalar() == 2
    finally:
        engine.dispose()
