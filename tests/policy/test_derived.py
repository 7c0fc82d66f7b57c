"""Grants and tallies follow their sources through every kind of change, in the same flush.

Both tables are derived: whatever sequence of ORM changes (agreements suspended, re-scoped,
members added or removed, agreements deleted; records re-marked, re-distributed, expiring,
deleted) a transaction makes, what they hold must equal what a rebuild from scratch gives.
The equivalence test checks they answer right for one world as inserted; this one checks they
stay right while the world changes under them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, note, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from liaison.agencies.models import Agency
from liaison.agreements.models import Agreement
from liaison.intel.models import Record
from liaison.policy import grants, tallies
from liaison.policy.grants import Grant
from liaison.policy.tallies import RecordTally
from liaison.vocab import TLP, AgreementStatus, Distribution, Purpose

from .test_equivalence import SETTINGS, check_equivalence, world_in_db
from .worlds import TIME_OFFSETS, World, worlds

CHANGES = (
    "suspend", "reinstate", "rescope", "add_member", "remove_member", "delete_agreement",
    "remark", "redistribute", "expire", "delete_record", "sweep",
)


def snapshot(session: Session) -> tuple[list[tuple[object, ...]], dict[str, tuple[int, ...]]]:
    conn = session.connection()
    granted = sorted(tuple(row) for row in conn.execute(select(Grant.__table__)))
    counters = {
        owner: tallies.PACKING.unpack(packed)
        for owner, packed in conn.execute(select(RecordTally.owner_id, RecordTally.counters))
        if any(tallies.PACKING.unpack(packed))  # a row of zeros is as good as none
    }
    return granted, counters


def change(session: Session, data: st.DataObject, now: datetime) -> str:
    kind = data.draw(st.sampled_from(CHANGES), label="change")
    agreements = list(session.scalars(select(Agreement).order_by(Agreement.id)))
    records = list(session.scalars(select(Record).order_by(Record.id)))
    agencies = list(session.scalars(select(Agency).order_by(Agency.id)))
    if kind in CHANGES[:6] and agreements:
        agreement = data.draw(st.sampled_from(agreements), label="agreement")
        if kind == "suspend":
            agreement.status = AgreementStatus.SUSPENDED.value
        elif kind == "reinstate":
            agreement.status = AgreementStatus.ACTIVE.value
        elif kind == "rescope":
            agreement.category_mask = data.draw(st.integers(0, 15), label="categories")
            agreement.purpose_mask = data.draw(st.integers(0, 15), label="purposes")
            agreement.max_tlp = int(data.draw(st.sampled_from(TLP), label="max TLP"))
        elif kind == "add_member":
            outside = [a for a in agencies if a not in agreement.members]
            if outside:
                agreement.members.append(data.draw(st.sampled_from(outside), label="member"))
        elif kind == "remove_member" and agreement.members:
            agreement.members.remove(data.draw(st.sampled_from(agreement.members)))
        elif kind == "delete_agreement":
            for record in records:
                if record.distribution_agreement_id == agreement.id:
                    record.distribution = Distribution.PARTNERS.value
                    record.distribution_agreement_id = None
            session.flush()  # no relationship tells the unit of work to update these first
            session.delete(agreement)
        return f"{kind} {agreement.id}"
    if kind in CHANGES[6:10] and records:
        record = data.draw(st.sampled_from(records), label="record")
        if kind == "remark":
            record.tlp = int(data.draw(st.sampled_from(TLP), label="TLP"))
            record.purpose = data.draw(st.sampled_from(Purpose), label="purpose").value
            record.category_mask = data.draw(st.integers(1, 15), label="categories")
        elif kind == "redistribute":
            record.distribution = data.draw(
                st.sampled_from([Distribution.OWNER, Distribution.PARTNERS,
                                 Distribution.EVERYONE]), label="distribution").value
            record.distribution_agreement_id = None
        elif kind == "expire":
            offset = data.draw(st.one_of(st.none(), st.sampled_from(TIME_OFFSETS)), label="at")
            record.expires_at = None if offset is None else now + offset
        elif kind == "delete_record":
            session.delete(record)
        return f"{kind} {record.id}"
    if kind == "sweep":
        offset = data.draw(st.sampled_from(TIME_OFFSETS), label="swept at")
        tallies.sweep(session.connection(), now + offset)
        return f"sweep at now{offset}"
    return "nothing"


@settings(max_examples=150, **SETTINGS)
@given(world=worlds(), data=st.data())
def test_grants_and_tallies_equal_a_rebuild_after_any_changes(
    engine: Engine,
    session_factory: sessionmaker[Session],
    now: datetime,
    world: World,
    data: st.DataObject,
) -> None:
    note(world.describe(now))
    with world_in_db(engine, session_factory, world, now) as session:
        for _ in range(data.draw(st.integers(1, 6), label="changes")):
            note(change(session, data, now))
            session.flush()
        kept = snapshot(session)
        grants.refresh(session.connection())
        tallies.rebuild(session.connection())
        assert kept == snapshot(session)
        session.expunge_all()
        check_equivalence(session, world, now, check_ids=False)


def test_a_bulk_load_is_counted_after_a_rebuild(
    session_factory: sessionmaker[Session], now: datetime
) -> None:
    """Rows written without the ORM (a bulk import) are invisible to the counters until
    `rebuild`; the filter, which reads the rows, never depends on it."""
    from .helpers import make_agency, make_record, sql_visible_ids

    with session_factory() as session:
        owner, viewer = make_agency(session, "OWN"), make_agency(session, "VIEW")
        make_record(session, owner, tlp=TLP.CLEAR, distribution=Distribution.EVERYONE)
        session.flush()
        session.execute(Record.__table__.insert().values(
            id="bulk-1", owner_id=owner.id, title="bulk", summary="", tlp=0,
            handling_codes=[], source_reliability="A", information_credibility=1,
            distribution="everyone", category_mask=1, purpose="investigation",
            created_at=now - timedelta(days=1), updated_at=now - timedelta(days=1)))
        ids, count, counted = sql_visible_ids(session, viewer.id, now)
        assert (len(ids), count, counted) == (2, 2, 1)
        tallies.rebuild(session.connection())
        assert sql_visible_ids(session, viewer.id, now)[1:] == (2, 2)
        session.rollback()
