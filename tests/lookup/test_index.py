"""An agency's tokens follow its observables through every kind of write, and always equal a
rebuild from its records: ORM creates, re-writes and deletes, records flagged covert or
disclosable, bulk rows reported at once or through the backlog, key rotation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from liaison.accounts.principal import Principal
from liaison.db import Base
from liaison.intel import service as intel
from liaison.intel.models import Observable
from liaison.intel.schemas import RecordUpdate
from liaison.lookup import index, keys, oprf, service
from liaison.lookup.models import LookupBacklog, LookupToken
from liaison.models import Record
from tests import factories as f

from .conftest import observables
from .helpers import sha256s

POOL = sha256s(12) + [("ipv4", f"91.219.236.{i}") for i in range(6)]


def stored(session: Session, agency_id: str) -> dict[bytes, int]:
    return dict(session.execute(select(LookupToken.token, LookupToken.refs).where(
        LookupToken.agency_id == agency_id)).all())


def served(session: Session, agency_id: str) -> set[bytes]:
    epoch, blob = index.token_set(session.connection(), agency_id)
    return {blob[i:i + oprf.TOKEN_BYTES] for i in range(0, len(blob), oprf.TOKEN_BYTES)}


def tokens_of(session: Session, agency_id: str, pairs) -> set[bytes]:
    key = keys.current(session.connection(), agency_id)
    return set(oprf.prf(key.scalar, pairs))


def test_records_written_through_the_orm_are_encoded_in_their_flush(session, three):
    a, b = POOL[0], POOL[1]
    first = f.record(session, three.fr_analyst, observables=observables([a, b]))
    f.record(session, three.fr_analyst, observables=observables([a]))
    assert served(session, three.fr.id) == tokens_of(session, three.fr.id, [a, b])
    counts = stored(session, three.fr.id)
    assert sorted(counts.values()) == [1, 2]  # `a` is held by two records

    session.delete(first)
    session.flush()
    assert served(session, three.fr.id) == tokens_of(session, three.fr.id, [a])
    assert index.check(session.connection()) == []
    assert served(session, three.de.id) == set()  # filed under the owner only


def test_replacing_a_records_observables_moves_its_tokens(session, three, now):
    from liaison.accounts.principal import Principal
    from liaison.intel import service as intel
    from liaison.intel.schemas import RecordUpdate

    record = f.record(session, three.fr_analyst, observables=observables(POOL[:3]))
    intel.update_record(session, record.id, RecordUpdate.model_validate(
        {"observables": observables(POOL[2:5])}), now, Principal.of(three.fr_analyst))
    assert served(session, three.fr.id) == tokens_of(session, three.fr.id, POOL[2:5])
    assert index.check(session.connection()) == []


def test_an_observable_changed_in_place_is_re_encoded(session, three):
    record = f.record(session, three.fr_analyst, observables=observables(POOL[:1]))
    record.observables[0].value = POOL[1][1]
    session.flush()
    assert served(session, three.fr.id) == tokens_of(session, three.fr.id, POOL[1:2])
    assert index.check(session.connection()) == []


def _bulk_observables(session: Session, record_id: str, pairs) -> None:
    session.execute(insert(Observable), [{"record_id": record_id, "type": t, "value": v}
                                         for t, v in pairs])


@pytest.mark.parametrize("defer", [False, True])
def test_bulk_rows_are_encoded_when_reported(session, three, defer, monkeypatch):
    monkeypatch.setattr(index, "BACKLOG_ROW", 2)  # a batch spreads over several rows
    record = f.record(session, three.fr_analyst, observables=observables(POOL[:1]))
    conn = session.connection()
    conn.execute(insert(Observable.__table__), [{"record_id": record.id, "type": t, "value": v}
                                                for t, v in POOL[1:6]])
    index.values_added(conn, three.fr.id, POOL[1:6], defer=defer)
    assert session.scalar(select(func.count()).select_from(LookupBacklog)) == (3 if defer else 0)
    assert served(session, three.fr.id) == tokens_of(session, three.fr.id, POOL[:6])
    assert session.scalar(select(func.count()).select_from(LookupBacklog)) == 0

    conn.execute(delete(Observable.__table__).where(Observable.value == POOL[1][1]))
    index.values_removed(conn, three.fr.id, [POOL[1]], defer=defer)
    assert served(session, three.fr.id) == tokens_of(session, three.fr.id,
                                                     [POOL[0], *POOL[2:6]])
    assert index.check(session.connection()) == []


def test_the_backlog_counts_repeats_and_reads_rows_in_the_migrations_form(session, three):
    a, b, c = POOL[:3]
    conn = session.connection()
    index.values_added(conn, three.fr.id, (p for p in [a, b, a, a]), defer=True)  # any iterable
    index.values_removed(conn, three.fr.id, [a], defer=True)
    conn.execute(insert(LookupBacklog), [  # [type, value, delta], as the 0005 migration wrote
        {"agency_id": three.fr.id, "entries": [[c[0], c[1], 2], [b[0], b[1], 1]]}])
    assert index.catch_up(conn, three.fr.id) == 5  # distinct values per backlog row
    key = keys.current(conn, three.fr.id)
    token = dict(zip([a, b, c], oprf.prf(key.scalar, [a, b, c]), strict=True))
    assert stored(session, three.fr.id) == {token[a]: 2, token[b]: 2, token[c]: 2}


def test_a_removal_applied_before_its_deferred_addition_cancels_it(session, three):
    conn = session.connection()
    index.values_added(conn, three.fr.id, POOL[:2], defer=True)
    index.values_removed(conn, three.fr.id, POOL[:1])  # at once, ahead of the backlog
    assert served(session, three.fr.id) == tokens_of(session, three.fr.id, POOL[1:2])
    assert min(stored(session, three.fr.id).values()) > 0


def test_rotation_re_encodes_under_a_new_key(session, three, now):
    f.record(session, three.fr_analyst, observables=observables(POOL[:4]))
    conn = session.connection()
    before, old_key = served(session, three.fr.id), keys.current(conn, three.fr.id)
    epoch, values = service.rotate_key(session, three.fr, now)
    assert (epoch, values) == (old_key.epoch + 1, 4)
    after = served(session, three.fr.id)
    assert after == tokens_of(session, three.fr.id, POOL[:4]) and after.isdisjoint(before)
    assert index.check(conn) == []


def test_rebuild_repairs_tokens_out_of_step(session, three):
    f.record(session, three.fr_analyst, observables=observables(POOL[:3]))
    conn = session.connection()
    conn.execute(delete(LookupToken))
    assert index.check(conn) != []
    assert index.rebuild(conn, three.fr.id) == 3
    assert index.check(conn) == []


# --- any sequence of changes -------------------------------------------------------------------

CHANGES = ("create", "replace", "flip", "delete", "bulk_add", "bulk_remove", "rotate",
           "catch_up")


@contextmanager
def empty_db(engine: Engine, factory: sessionmaker[Session]) -> Iterator[Session]:
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
            with factory(bind=conn) as session:
                yield session
        finally:
            trans.rollback()


def change(session: Session, data: st.DataObject, authors, now: datetime) -> str:
    kind = data.draw(st.sampled_from(CHANGES), label="change")
    author = data.draw(st.sampled_from(authors), label="author")
    records = list(session.scalars(select(Record).where(Record.author_id == author.id)
                                   .order_by(Record.id)))
    pairs = data.draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=5), label="values")
    conn = session.connection()
    if kind == "create" or not records:
        disclosable = data.draw(st.booleans(), label="disclosable")
        f.record(session, author, disclosable=disclosable, observables=observables(pairs))
        return f"create {pairs} disclosable={disclosable}"
    record = data.draw(st.sampled_from(records), label="record")
    if kind == "replace":
        record.observables = [Observable(type=t, value=v) for t, v in dict.fromkeys(pairs)]
        if data.draw(st.booleans(), label="and flip, in the same flush"):
            record.disclosable = not record.disclosable
            return f"replace {record.id} and flip to {record.disclosable}"
    elif kind == "flip":  # through the records service, with new observables or not
        update: dict[str, object] = {"disclosable": not record.disclosable}
        if data.draw(st.booleans(), label="with observables"):
            update["observables"] = observables(pairs)
        intel.update_record(session, record.id, RecordUpdate.model_validate(update), now,
                            Principal.of(author))
        return f"flip {record.id} {update}"
    elif kind == "delete":
        session.delete(record)
    elif kind == "bulk_add":
        defer = data.draw(st.booleans(), label="defer")
        conn.execute(insert(Observable.__table__), [
            {"record_id": record.id, "type": t, "value": v} for t, v in pairs])
        if record.disclosable:  # a Core writer reports disclosable records' values only
            index.values_added(conn, record.owner_id, pairs, defer=defer)
        session.expire(record, ["observables"])
        return f"bulk add {pairs} to {record.id} defer={defer}"
    elif kind == "bulk_remove":
        defer = data.draw(st.booleans(), label="defer")
        gone = [(o.type, o.value) for o in record.observables]
        conn.execute(delete(Observable.__table__).where(Observable.record_id == record.id))
        if record.disclosable:
            index.values_removed(conn, record.owner_id, gone, defer=defer)
        session.expire(record, ["observables"])
        return f"bulk remove {gone} from {record.id} defer={defer}"
    elif kind == "rotate":
        service.rotate_key(session, record.owner, now)
    elif kind == "catch_up":
        index.catch_up(conn)
    return f"{kind} {record.id}"


@settings(max_examples=40, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_tokens_equal_a_rebuild_after_any_changes(engine, session_factory, now, data):
    with empty_db(engine, session_factory) as session:
        de, fr = f.agency(session, "DE-CCU"), f.agency(session, "FR-C3N", "FR")
        authors = [f.user(session, de, "de.analyst"), f.user(session, fr, "fr.analyst")]
        for _ in range(data.draw(st.integers(1, 8), label="changes")):
            note(change(session, data, authors, now))
            session.flush()
        conn = session.connection()
        kept = {a: served(session, a) for a in (de.id, fr.id)}
        assert index.check(conn) == []
        for agency in (de.id, fr.id):
            index.rebuild(conn, agency)
            assert served(session, agency) == kept[agency]
