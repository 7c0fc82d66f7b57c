"""`append_many` writes the entries `append` would, one chain with them, fast: its shortcuts
(a reused JSON encoder, a spliced canonical body, rows straight to the driver) change nothing
that is stored or hashed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select, text, update

from liaison import audit
from liaison.audit import service
from liaison.audit.service import Actor
from liaison.models import AuditEntry, AuditHead

ODD_VALUES: list[Any] = [
    {"b": 1, "a": [True, None, 1.5, -0.0, 10**20]},
    {"é": "naïve ☃ \U0001f600", "quote\"": "back\\slash", "ctl": "\n\t\x00\x1f\u2028"},
    {"when": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "nested": {"z": {"y": []}}},
    "plain", 7, None, [], {},
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_canonical_is_json_dumps_with_the_canonical_options(value):
    assert service.canonical(value) == json.dumps(value, **service.CANONICAL_JSON)


@pytest.mark.parametrize("actor", [Actor("u1", "a1"), Actor(), Actor(None, 'a"\\é')])
@pytest.mark.parametrize("object_id", [None, "r1", 'we"ird\\ ☃\n'])
def test_the_spliced_body_hashes_as_entry_hash(actor, object_id):
    at = datetime(2026, 3, 4, 5, 6, 7, 89, tzinfo=timezone(timedelta(hours=2)))
    digest = service._chain_hasher(at, actor, "record.create", 'ty"pe ☃')
    for seq, details in enumerate(ODD_VALUES, start=1):
        text_ = service.canonical(details)
        assert digest("f" * 64, seq, object_id, text_) == service.entry_hash(
            "f" * 64, seq, at, actor.user_id, actor.agency_id, "record.create", 'ty"pe ☃',
            object_id, text_)


def test_a_first_batch_starts_the_chain(session, now):
    assert audit.append_many(session, Actor("u1", "a1"), "record.create", "record", [], now) == 0
    assert session.get(AuditHead, 1) is None
    assert audit.append_many(session, Actor("u1", "a1"), "record.create", "record",
                             [("r1", {"imported": True}), (None, {})], now) == 2
    first = session.get(AuditEntry, 1)
    assert first is not None and first.prev_hash == service.GENESIS
    assert session.get(AuditHead, 1).seq == 2
    assert audit.verify(session).ok


def test_batches_continue_the_chain_as_single_appends_would(session, now, monkeypatch):
    monkeypatch.setattr(service, "BATCH", 2)  # several executemany rounds
    actor = Actor("u1", "a1")
    audit.append(session, actor, "login", "user", "u1", now)
    items = [(f"r{i}", {"imported": True, "n": i, "title": f"ré \"{i}\""}) for i in range(5)]
    later = now.astimezone(timezone(timedelta(hours=-5))) + timedelta(microseconds=7)
    assert audit.append_many(session, actor, "record.create", "record", items, later) == 5
    audit.append(session, actor, "record.create", "record", "r9", later, title="single")
    session.commit()
    session.expire_all()

    assert audit.verify(session) == service.Verification(True, 7)
    rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [e.object_id for e in rows] == ["u1", "r0", "r1", "r2", "r3", "r4", "r9"]
    assert all(e.at == later for e in rows[1:])
    assert rows[2].details == service.canonical(items[1][1])
    assert session.get(AuditHead, 1).hash == rows[-1].hash

    # the time is stored exactly as the ORM stores it for `append`
    stored = session.execute(text("SELECT at FROM audit_entries WHERE seq IN (2, 7)")).scalars()
    assert len(set(stored)) == 1


def test_tampering_with_a_batch_entry_is_found(session, now):
    audit.append_many(session, Actor("u1", "a1"), "record.create", "record",
                      [(f"r{i}", {"imported": True}) for i in range(4)], now)
    session.commit()
    session.execute(update(AuditEntry).where(AuditEntry.seq == 3)
                    .values(object_id="r9"))
    result = audit.verify(session)
    assert not result.ok and result.first_bad_seq == 3 and "edited" in result.problem
