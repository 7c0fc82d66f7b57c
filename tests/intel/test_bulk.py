"""Bulk import writes what `create_record` writes, keeps the policy's counters right, audits
every record, and refuses a batch with a bad record unless asked to keep the good ones."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from liaison import audit
from liaison.accounts.principal import Principal
from liaison.correlation.models import ObservableLink
from liaison.errors import Invalid
from liaison.intel import service as intel
from liaison.intel.bulk import import_pipelined, import_records
from liaison.intel.models import Observable
from liaison.intel.schemas import RecordCreate, RecordQuery
from liaison.lookup import index as lookup_index
from liaison.policy import count_visible
from liaison.policy.maintenance import check

from .. import factories as make


def _item(**fields: Any) -> RecordCreate:
    data: dict[str, Any] = {
        "title": "Ransomware negotiation portal", "offences": ["system_interference"],
        "tlp": "green", "distribution": "partners", "categories": ["technical_indicators"],
        "purpose": "investigation",
        "observables": [
            {"type": "url", "value": "hxxps://Portal.Negotiate-Now[.]top/chat?id=7"},
            {"type": "ipv4", "value": "185.220.101.7"},
            {"type": "ipv4", "value": "185[.]220.101.7"},  # the same value, once
        ],
    }
    data.update(fields)
    return RecordCreate.model_validate(data)


@pytest.fixture
def world(session: Session) -> tuple[Principal, Principal]:
    de, fr = make.agency(session, "DE-BKA"), make.agency(session, "FR-OFAC", country="FR")
    make.agreement(session, [de, fr])
    return (Principal.of(make.user(session, de, "anna")),
            Principal.of(make.user(session, fr, "luc")))


def test_imported_records_are_stored_indexed_counted_and_audited(
    session: Session, world: tuple[Principal, Principal], now: datetime
) -> None:
    anna, luc = world
    report = import_records(session, [_item(), _item(tlp="amber"), _item(tlp="amber+strict",
                            distribution="owner")], now, anna)
    assert (len(report.record_ids), report.observables, report.links) == (3, 6, 6)

    values = sorted(session.scalars(select(Observable.value).distinct()))
    assert values == ["185.220.101.7", "https://portal.negotiate-now.top/chat?id=7"]
    links = {tuple(row) for row in session.execute(
        select(ObservableLink.type, ObservableLink.value))}
    assert links == {("domain", "portal.negotiate-now.top"),
                     ("domain", "negotiate-now.top")}
    keys = set(session.scalars(select(Observable.address_key).where(
        Observable.type == "ipv4")))
    assert keys == {"4b9dc6507"}

    assert check(session.connection()) == []  # counters as if written one by one
    assert lookup_index.check(session.connection()) == []  # private-lookup tokens too
    assert count_visible(session, luc.agency_id, now) == 2  # the owner-only one stays home
    assert intel.count_records(session, RecordQuery(), now, luc) == 2
    found, total = intel.search_records(session, RecordQuery(observable_value="185.220.101.7"),
                                        now, luc)
    assert total == 2 and {r.id for r in found} <= set(report.record_ids)

    result = audit.verify(session)
    assert result.ok
    entries, _ = audit.service.entries(session, limit=10)
    created = [e for e in entries if e.action == "record.create"]
    assert sorted(e.object_id for e in created) == sorted(report.record_ids)


def test_a_bad_record_refuses_the_batch_or_only_itself(
    session: Session, world: tuple[Principal, Principal], now: datetime
) -> None:
    anna, _ = world
    bad = [_item(), _item(expires_at=now - timedelta(days=1)),
           _item(distribution="agencies", recipient_ids=["nobody"])]
    with pytest.raises(Invalid) as refused:
        import_records(session, bad, now, anna)
    assert [d.field for d in refused.value.details] == ["records.1.expires_at",
                                                         "records.2.recipient_ids"]
    assert session.scalars(select(Observable.id)).first() is None

    report = import_records(session, bad, now, anna, keep_good=True)
    assert len(report.record_ids) == 1 and len(report.refused) == 2
    assert check(session.connection()) == []


def test_ingest_counts_observables_that_correlate(
    session: Session, world: tuple[Principal, Principal], now: datetime
) -> None:
    anna, luc = world
    first = import_records(session, [_item()], now, anna)
    assert first.matched == 0  # nothing else holds these yet
    # same address; a domain the first URL implies; a fresh hash
    second = import_records(session, [_item(observables=[
        {"type": "ipv4", "value": "185.220.101.7"},
        {"type": "domain", "value": "negotiate-now.top"},
        {"type": "md5", "value": "0" * 31 + "1"}])], now, luc)
    assert second.matched == 2


def test_values_of_ones_own_are_no_match(
    session: Session, world: tuple[Principal, Principal], now: datetime
) -> None:
    """A URL implies its host; holding both in one record, or one in each of two unrelated
    records with different hosts, matches nothing."""
    anna, luc = world
    report = import_records(session, [
        _item(observables=[{"type": "url", "value": "https://one-host.top/a"},
                           {"type": "domain", "value": "one-host.top"}]),
        _item(observables=[{"type": "url", "value": "https://other-host.top/a"}]),
    ], now, anna)
    assert report.matched == 0


def _raw(**fields: Any) -> dict[str, Any]:
    return {**_item().model_dump(mode="json", exclude_defaults=True), **fields}


def test_a_pipelined_import_commits_each_batch_and_stops_at_a_refused_one(
    session_factory: sessionmaker[Session], now: datetime
) -> None:
    """Workers parse and prepare while batches are written; a batch with a bad record (here
    one that does not even parse) is refused whole, named by its place in the import, and
    ends the import with the batches before it stored."""
    with session_factory.begin() as session:
        de, fr = make.agency(session, "DE-BKA"), make.agency(session, "FR-OFAC", country="FR")
        make.agreement(session, [de, fr])
        anna = Principal.of(make.user(session, de, "anna"))
        luc = Principal.of(make.user(session, fr, "luc"))
    batches = [(anna, [_raw(), _raw(tlp="amber")]), (luc, [_raw()]),
               (anna, [_raw(), _raw(observables=[{"type": "ipv4", "value": "300.1.1.1"}])]),
               (luc, [_raw()])]
    outcomes = list(import_pipelined(session_factory, batches, now))

    assert [(o.index, o.report is not None) for o in outcomes] == [(0, True), (1, True),
                                                                    (2, False)]
    refused = outcomes[-1].error
    assert refused is not None and [d.field for d in refused.details] == [
        "records.4.observables.0"]
    assert all(o.prepare_seconds > 0 for o in outcomes)
    with session_factory() as session:
        assert count_visible(session, fr.id, now) == 3  # batches 0 and 1 only
        assert session.scalars(select(func.count()).select_from(Observable)).one() == 6
        assert session.scalars(select(func.count()).select_from(ObservableLink)).one() == 6
        assert check(session.connection()) == []
        assert audit.verify(session).ok


def test_a_pipelined_import_can_keep_the_good_records(
    session_factory: sessionmaker[Session], now: datetime
) -> None:
    with session_factory.begin() as session:
        anna = Principal.of(make.user(session, make.agency(session, "DE-BKA"), "anna"))
    batches = [(anna, [_raw(), {"title": "x"}, _raw(expires_at="2020-01-01T00:00:00Z")])]
    (outcome,) = import_pipelined(session_factory, batches, now, keep_good=True)
    assert outcome.report is not None and len(outcome.report.record_ids) == 1
    assert {d.field.split(".")[1] for d in outcome.report.refused} == {"1", "2"}
