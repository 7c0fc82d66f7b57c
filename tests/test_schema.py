"""The schema is made by migrations only, and the migrations match the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from liaison.db import Base
from liaison.models import Record  # noqa: F401  (completes the metadata)

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


def test_migrations_go_down_and_up_again(tmp_path):
    from liaison import migrate

    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    migrate.upgrade(url)
    migrate.downgrade(url, "base")
    migrate.upgrade(url)
