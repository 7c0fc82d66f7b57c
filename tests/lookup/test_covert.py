"""A covert record's values never answer a lookup (a hit on it tells the seeker nothing), in
every way the records change: created, flagged and unflagged, re-written, deleted, imported;
the tokens always equal a rebuild."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from liaison.accounts.principal import Principal
from liaison.intel import bulk
from liaison.intel import service as intel
from liaison.intel.models import Observable
from liaison.intel.schemas import RecordCreate, RecordUpdate
from liaison.lookup import client, index
from liaison.models import Record
from tests import factories as f

from .conftest import observables
from .helpers import sha256s

COVERT, SHARED, BOTH, ELSEWHERE = sha256s(4)
ASKED = [COVERT, SHARED, BOTH, ELSEWHERE]


def hits(session, three, now, pairs=ASKED) -> set[tuple[str, str]]:
    outcome = client.run_lookup(session, Principal.of(three.de_analyst), three.fr.id, pairs,
                                now, max_per_day=10**6)
    return set(outcome.hits)


def flip(session, three, now, record: Record, disclosable: bool, **more: Any) -> None:
    intel.update_record(session, record.id, RecordUpdate.model_validate(
        {"disclosable": disclosable, **more}), now, Principal.of(three.fr_analyst))


def consistent(session) -> bool:
    return index.check(session.connection()) == []


def test_a_covert_records_values_get_no_hit(session, three, now):
    f.record(session, three.fr_analyst, disclosable=False, observables=observables([COVERT, BOTH]))
    f.record(session, three.fr_analyst, observables=observables([SHARED, BOTH]))
    outcome = client.run_lookup(session, Principal.of(three.de_analyst), three.fr.id, ASKED,
                                now, max_per_day=1000)
    assert set(outcome.hits) == {SHARED, BOTH}  # BOTH answers for the disclosable record
    assert outcome.partner_values == 2  # the covert value is not even counted
    assert consistent(session)


def test_flagging_a_record_covert_and_back_changes_the_answer(session, three, now):
    record = f.record(session, three.fr_analyst, observables=observables([COVERT, BOTH]))
    f.record(session, three.fr_analyst, observables=observables([BOTH]))
    assert hits(session, three, now) == {COVERT, BOTH}

    flip(session, three, now, record, False)
    assert hits(session, three, now) == {BOTH}
    assert consistent(session)

    flip(session, three, now, record, True)
    assert hits(session, three, now) == {COVERT, BOTH}
    assert consistent(session)

    flip(session, three, now, record, True)  # no change: nothing counted twice
    assert consistent(session)


def test_a_flag_changed_with_the_observables_in_one_update(session, three, now):
    record = f.record(session, three.fr_analyst, observables=observables([COVERT]))
    flip(session, three, now, record, False, observables=observables([COVERT, SHARED]))
    assert hits(session, three, now) == set()
    assert consistent(session)

    flip(session, three, now, record, True, observables=observables([SHARED, BOTH]))
    assert hits(session, three, now) == {SHARED, BOTH}
    assert consistent(session)

    record.disclosable = False  # and an observable changed in place, in the same flush
    record.observables[0].value = ELSEWHERE[1]
    session.flush()
    assert hits(session, three, now) == set()
    assert consistent(session)

    record.disclosable = True  # and the observables replaced, in the same flush
    record.observables = [Observable(type=t, value=v) for t, v in (COVERT, BOTH)]
    session.flush()
    assert hits(session, three, now) == {COVERT, BOTH}
    assert consistent(session)


def test_a_flag_changed_on_a_record_not_loaded(session, three, now):
    record = f.record(session, three.fr_analyst, disclosable=False,
                      observables=observables([COVERT]))
    session.expire(record)  # the old value is unknown to the session: the database tells
    record.disclosable = True
    session.flush()
    assert hits(session, three, now) == {COVERT}
    session.expire_all()
    record.disclosable = False
    record.observables.append(Observable(type=SHARED[0], value=SHARED[1]))
    session.flush()
    assert hits(session, three, now) == set()
    assert consistent(session)


def test_deleting_covert_records_and_their_observables(session, three, now):
    covert = [f.record(session, three.fr_analyst, disclosable=False,
                       observables=observables(pairs))
              for pairs in ([COVERT, BOTH], [COVERT], [BOTH, SHARED], [ELSEWHERE])]
    f.record(session, three.fr_analyst, observables=observables([BOTH]))
    assert hits(session, three, now) == {BOTH}

    session.delete(covert[0])
    session.flush()
    assert consistent(session)
    session.delete(covert[1].observables[0])  # an observable alone
    session.flush()
    assert consistent(session)
    covert[2].disclosable = True  # flagged, then deleted before the flush: never counted
    session.delete(covert[2])
    session.flush()
    assert consistent(session)
    session.expire(covert[3])  # not loaded
    session.delete(covert[3])
    session.flush()
    assert consistent(session)
    assert hits(session, three, now) == {BOTH}

    shared = f.record(session, three.fr_analyst, observables=observables([SHARED]))
    shared.disclosable = False  # counted before: taken back on delete
    session.delete(shared)
    session.flush()
    assert consistent(session)
    assert hits(session, three, now) == {BOTH}


def test_an_observable_moved_between_covert_and_disclosable_records(session, three, now):
    covert = f.record(session, three.fr_analyst, disclosable=False,
                      observables=observables([COVERT]))
    shared = f.record(session, three.fr_analyst, observables=observables([SHARED]))
    covert.observables[0].record_id = shared.id
    session.flush()
    assert hits(session, three, now) == {COVERT, SHARED}
    assert consistent(session)
    session.expire_all()
    moved = session.scalars(select(Observable).where(Observable.value == SHARED[1])).one()
    moved.record_id = covert.id
    session.flush()
    assert hits(session, three, now) == {COVERT}
    assert consistent(session)


def _item(disclosable: bool, pairs: list[tuple[str, str]]) -> RecordCreate:
    return RecordCreate.model_validate({
        "title": "Imported", "offences": ["computer_related_fraud"], "tlp": "amber",
        "distribution": "partners", "categories": ["technical_indicators"],
        "purpose": "investigation", "source_reliability": "B", "information_credibility": 2,
        "disclosable": disclosable, "observables": observables(pairs)})


def test_a_bulk_import_counts_only_disclosable_records(session, three, now):
    by = Principal.of(three.fr_analyst)
    report = bulk.import_records(session, [
        _item(False, [COVERT, BOTH]), _item(True, [SHARED, BOTH]), _item(False, [COVERT])],
        now, by)
    assert report.observables == 5
    assert consistent(session)
    outcome = client.run_lookup(session, Principal.of(three.de_analyst), three.fr.id, ASKED,
                                now, max_per_day=1000)
    assert set(outcome.hits) == {SHARED, BOTH} and outcome.partner_values == 2

    imported = session.get(Record, report.record_ids[0])
    assert imported is not None
    flip(session, three, now, imported, True)  # imported covert, made disclosable
    assert hits(session, three, now) == {COVERT, SHARED, BOTH}
    assert consistent(session)
