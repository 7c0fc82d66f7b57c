"""The audit chain: every kind of tampering is found, and the first bad entry is named."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, update

from liaison import audit
from liaison.audit.service import Actor
from liaison.models import AuditEntry, AuditHead


@pytest.fixture
def chain(session, now):
    for i in range(6):
        audit.append(session, Actor("u1", "a1"), "record.create", "record", f"r{i}",
                     now + timedelta(seconds=i), title=f"report {i}")
    session.commit()
    assert audit.verify(session).ok
    return session


def test_intact_chain_verifies(chain):
    result = audit.verify(chain)
    assert result.ok and result.entries == 6 and result.first_bad_seq is None


def test_edit_is_found(chain):
    chain.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(details='{"title":"x"}'))
    result = audit.verify(chain)
    assert not result.ok and result.first_bad_seq == 3 and "edited" in result.problem


def test_edit_of_actor_is_found(chain):
    chain.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor_agency_id="a2"))
    assert audit.verify(chain).first_bad_seq == 2


def test_rehashed_edit_is_found_at_the_next_entry(chain):
    """A forger who recomputes the edited entry's hash still breaks the link after it."""
    entry = chain.get(AuditEntry, 4)
    forged = audit.service.entry_hash(entry.prev_hash, 4, entry.at, entry.actor_user_id,
                                      entry.actor_agency_id, entry.action, entry.object_type,
                                      entry.object_id, '{"title":"forged"}')
    chain.execute(update(AuditEntry).where(AuditEntry.seq == 4)
                  .values(details='{"title":"forged"}', hash=forged))
    result = audit.verify(chain)
    assert result.first_bad_seq == 5 and "does not follow" in result.problem


def test_deletion_is_found(chain):
    chain.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    result = audit.verify(chain)
    assert not result.ok and result.first_bad_seq == 2 and "missing" in result.problem


def test_deletion_of_the_latest_entries_is_found(chain):
    chain.execute(delete(AuditEntry).where(AuditEntry.seq >= 5))
    result = audit.verify(chain)
    assert not result.ok and result.first_bad_seq == 5 and "deleted" in result.problem


def test_reordering_is_found(chain):
    # swap entries 3 and 4 (content and hashes move, their sequence numbers stay)
    a, b = chain.get(AuditEntry, 3), chain.get(AuditEntry, 4)
    fields = ("at", "actor_user_id", "actor_agency_id", "action", "object_type", "object_id",
              "details", "prev_hash", "hash")
    va, vb = ({f: getattr(a, f) for f in fields}, {f: getattr(b, f) for f in fields})
    chain.expunge_all()
    chain.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(**vb))
    chain.execute(update(AuditEntry).where(AuditEntry.seq == 4).values(**va))
    result = audit.verify(chain)
    assert not result.ok and result.first_bad_seq == 3


def test_appends_continue_the_chain(chain, now):
    tip = chain.get(AuditHead, 1).hash
    entry = audit.append(chain, Actor(), "login", "user", "u9", now)
    assert entry.seq == 7 and entry.prev_hash == tip
    assert chain.get(AuditHead, 1).hash == entry.hash
    assert audit.verify(chain).ok
