"""The Python rule (`decide_loaded`) and the SQL filter (`record_filter`) agree everywhere.

Hypothesis builds random worlds of agencies, agreements and records, inserts each into an
empty database inside a transaction that is rolled back afterwards, and compares, for every
(viewer, record) pair, what the Python decision says with what the SQL clause selects and
counts. A disagreement fails with the pair, both answers and the whole (shrunk) world.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import HealthCheck, assume, event, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

import liaison.models  # noqa: F401  (every table in Base.metadata)
from liaison.agreements.models import Agreement
from liaison.db import Base
from liaison.intel.models import Record
from liaison.policy import CountFilter, Decision, record_filter, tallies
from liaison.vocab import TLP, Purpose

from .helpers import python_decisions, sql_visible_ids
from .worlds import TIME_OFFSETS, World, agency_id, insert_world, record_id, worlds

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}


@contextmanager
def world_in_db(
    engine: Engine, session_factory: sessionmaker[Session], world: World, now: datetime
) -> Iterator[Session]:
    """An empty database holding just `world`, for the length of one example."""
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
            with session_factory(bind=conn) as session:
                insert_world(session, world, now)
                session.expunge_all()  # decide from what the database returns
                yield session
        finally:
            trans.rollback()


def _says(visible: bool) -> str:
    return "visible" if visible else "hidden"


# How a decision came about, reported as Hypothesis events (--hypothesis-show-statistics) to
# show that generated worlds reach every branch of the rule.
OUTCOMES = {
    "owns": "visible: owner",
    "TLP:CLEAR and distributed": "visible: public",
    "Shared under": "visible: agreement",
    "expired": "hidden: record expired",
    "keeps this record": "hidden: owner only",
    "named recipients": "hidden: not a named recipient",
    "agreement your agency is not in": "hidden: distribution agreement not the viewer's/in force",
    "TLP:RED": "hidden: RED not named",
    "No agreement in force": "hidden: no agreement in force binds owner and viewer",
    "No agreement carries": "hidden: agreement scope does not fit",
}


def _outcome(decision: Decision) -> str:
    for fragment, outcome in OUTCOMES.items():
        if fragment in decision.reason:
            return outcome
    return f"{decision.rule}: {decision.reason}"


def narrowing(world: World, i: int) -> CountFilter:
    """A filter a list page or dashboard count applies, cycling through the kinds by viewer."""
    kind = i % 4
    if kind == 1:
        return CountFilter(tlp=int(list(TLP)[i % len(TLP)]))
    if kind == 2:
        return CountFilter(purpose=list(Purpose)[i % len(Purpose)].value)
    if kind == 3:
        return CountFilter(owner_id=agency_id((i // 4) % world.agencies))
    return CountFilter()


def check_equivalence(
    session: Session, world: World, now: datetime, *, check_ids: bool = True
) -> None:
    """Python rule, SQL filter, SQL count and counters agree for every viewer; `check_ids`
    first checks the database holds the world as described (not after changes to it)."""
    records = list(session.scalars(select(Record)))
    agreements = list(session.scalars(select(Agreement)))
    if check_ids:
        assert sorted(r.id for r in records) == sorted(
            record_id(k) for k in range(len(world.records)))
    problems: list[str] = []
    outcomes: list[str] = []
    for i in range(world.agencies):
        viewer = agency_id(i)
        decisions = python_decisions(records, agreements, viewer, now)
        outcomes += [_outcome(d) for d in decisions.values()]
        expected = {rid for rid, d in decisions.items() if d.visible}
        selected, count, counted = sql_visible_ids(session, viewer, now)
        for rid in sorted(expected ^ selected):
            d = decisions[rid]
            problems.append(
                f"viewer {viewer}, record {rid}: Python says {_says(d.visible)} "
                f"(rule={d.rule}: {d.reason}); the SQL filter says {_says(rid in selected)}"
            )
        if not count == counted == len(selected):
            problems.append(
                f"viewer {viewer}: the SQL count says {count}, the counters {counted}, the SQL "
                f"select returns {len(selected)} ({sorted(selected)})"
            )
        # the bulk import's form: the complement, with each hidden record's owner and mark
        hidden = record_filter(session, viewer, now).hidden_of(session, [r.id for r in records])
        if hidden != {r.id: (r.owner_id, r.disclosable) for r in records
                      if r.id not in expected}:
            problems.append(f"viewer {viewer}: hidden_of says {sorted(hidden)}, the Python "
                            f"rule hides {sorted(set(decisions) - expected)}")
        only = narrowing(world, i)
        narrowed, count, counted = sql_visible_ids(session, viewer, now, only)
        if not count == counted == len(narrowed):
            problems.append(
                f"viewer {viewer}, {only}: the SQL count says {count}, the counters {counted},"
                f" the SQL select returns {len(narrowed)} ({sorted(narrowed)})"
            )
    for outcome in sorted(set(outcomes)):
        event(outcome)
    assert not problems, "\n".join(problems) + "\n" + world.describe(now)


@settings(max_examples=500, **SETTINGS)
@given(world=worlds(), swept=st.one_of(st.none(), st.sampled_from(TIME_OFFSETS)))
def test_python_rule_and_sql_filter_agree(
    engine: Engine,
    session_factory: sessionmaker[Session],
    now: datetime,
    world: World,
    swept: timedelta | None,
) -> None:
    """...with the counters swept at some time around `now` (or never): their watermark
    before, at or after the moment counted, so the expiry correction runs both ways."""
    note(world.describe(now))
    note(f"counters swept at {'never' if swept is None else now + swept}")
    with world_in_db(engine, session_factory, world, now) as session:
        if swept is not None:
            tallies.sweep(session.connection(), now + swept)
        check_equivalence(session, world, now)


def _viewers(session: Session, world: World, rid: str, now: datetime) -> tuple[set[str], set[str]]:
    """Who sees record `rid`, by the Python rule and by the SQL filter."""
    (record,) = session.scalars(select(Record).where(Record.id == rid))
    agreements = list(session.scalars(select(Agreement)))
    by_python, by_sql = set(), set()
    for i in range(world.agencies):
        viewer = agency_id(i)
        if python_decisions([record], agreements, viewer, now)[rid].visible:
            by_python.add(viewer)
        selected, count, counted = sql_visible_ids(session, viewer, now)
        assert count == counted == len(selected), (viewer, count, counted, sorted(selected))
        if rid in selected:
            by_sql.add(viewer)
    return by_python, by_sql


@settings(max_examples=100, **SETTINGS)
@given(world=worlds(min_records=1), data=st.data())
def test_raising_tlp_never_widens_the_audience(
    engine: Engine,
    session_factory: sessionmaker[Session],
    now: datetime,
    world: World,
    data: st.DataObject,
) -> None:
    candidates = [k for k, r in enumerate(world.records) if r.tlp < TLP.RED]
    assume(candidates)
    k = data.draw(st.sampled_from(candidates), label="record index")
    rid = record_id(k)
    spec = world.records[k]
    tightened = replace(spec, tlp=TLP(spec.tlp + 1))
    note(world.describe(now))
    note(f"raising {rid} from {spec.tlp.label} to {tightened.tlp.label}")

    with world_in_db(engine, session_factory, world, now) as session:
        before_python, before_sql = _viewers(session, world, rid, now)
        session.get_one(Record, rid).tlp = int(tightened.tlp)
        session.flush()
        session.expunge_all()
        after_python, after_sql = _viewers(session, world, rid, now)

    assert before_python == before_sql and after_python == after_sql, (
        f"Python and SQL disagree on who sees {rid}: before {sorted(before_python)} vs "
        f"{sorted(before_sql)}, after {sorted(after_python)} vs {sorted(after_sql)}\n"
        + world.describe(now)
    )
    assert after_python <= before_python, (
        f"raising {rid} from {spec.tlp.label} to {tightened.tlp.label} let "
        f"{sorted(after_python - before_python)} see it\n" + world.describe(now)
    )
