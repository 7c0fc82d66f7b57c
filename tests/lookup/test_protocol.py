"""The OPRF protocol alone (no database): it finds exactly the intersection, and the partner
sees nothing it could tie to a value."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.errors import Conflict, Invalid
from liaison.lookup import client, oprf
from liaison.lookup.service import Evaluation, TokenSet

from .helpers import MemoryPartner, sha256s, traces

VALUES = st.sampled_from(
    [("ipv4", f"45.142.212.{i}") for i in range(40)]
    + [("domain", f"host{i}.bad-actor.org") for i in range(40)]
    + [("file_name", f"invoice {i}.pdf.exe") for i in range(40)]
)


@settings(max_examples=60, deadline=None)
@given(mine=st.lists(VALUES, max_size=30, min_size=1), theirs=st.lists(VALUES, max_size=60))
def test_finds_exactly_the_intersection(mine, theirs):
    partner = MemoryPartner(oprf.new_key(), theirs)
    outcome = client.ask(partner, mine, batch=7)
    assert set(outcome.hits) == set(mine) & set(theirs)
    assert len(outcome.hits) == len(set(outcome.hits))
    assert outcome.asked == len(set(mine))
    assert outcome.partner_values == len(set(theirs))


def test_same_type_different_value_and_same_value_different_type_do_not_match():
    partner = MemoryPartner(oprf.new_key(), [("domain", "a.bad-actor.org"), ("md5", "0" * 32)])
    outcome = client.ask(partner, [("url", "a.bad-actor.org"), ("md5", "0" * 31 + "1"),
                                   ("domain", "a.bad-actor.org")])
    assert outcome.hits == [("domain", "a.bad-actor.org")]


def test_the_partner_sees_neither_values_nor_deterministic_hashes_of_them():
    mine = sha256s(50) + [("ipv4", "91.219.236.7"), ("email", "boss@corp.bad-actor.net")]
    partner = MemoryPartner(oprf.new_key(), mine[:10])
    client.ask(partner, mine, batch=20)
    assert len(partner.seen) == 3
    wire = b"".join(partner.seen)
    wire_b64 = base64.b64encode(wire)
    for trace in traces(mine):
        assert trace not in wire
        assert base64.b64encode(trace) not in wire_b64
    # every point is a fresh group element: none repeats a hash-to-group output
    points = set(oprf.split(wire))
    assert points.isdisjoint({oprf.hash_to_group(t, v) for t, v in mine})


def test_two_queries_of_the_same_value_look_different():
    value = [("ipv4", "91.219.236.7")]
    first, second = oprf.blind(value), oprf.blind(value)
    assert first.message != second.message
    # ...and yet unblind to the same token under the partner's key
    key = oprf.new_key()
    assert (first.unblind(oprf.evaluate(key, first.message))
            == second.unblind(oprf.evaluate(key, second.message))
            == oprf.prf(key, value))


def test_a_query_repeating_values_asks_each_once():
    partner = MemoryPartner(oprf.new_key(), [])
    client.ask(partner, [("ipv4", "91.219.236.7")] * 5)
    assert len(partner.seen[0]) == oprf.POINT_BYTES


def test_a_wrong_key_finds_nothing():
    held = sha256s(30)
    partner = MemoryPartner(oprf.new_key(), held, token_key=oprf.new_key())
    assert client.ask(partner, held).hits == []


def test_unblinded_answers_equal_the_partners_own_tokens():
    key, pairs = oprf.new_key(), sha256s(25)
    blinded = oprf.blind(pairs)
    assert blinded.unblind(oprf.evaluate(key, blinded.message)) == oprf.prf(key, pairs)


@pytest.mark.parametrize("point", [
    b"\x00" * 32,                     # not canonical / identity
    b"\x01" + b"\x00" * 31,           # the identity element
    b"\xff" * 32,                     # not a field element
    bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),  # order 8
    # H(x) plus that point of order 8: on the curve, outside the prime-order subgroup
    bytes.fromhex("99863709c72987774e63f821e73d05969a543d757ae46442b5bd493976932f36"),
])
def test_the_partner_refuses_points_outside_the_group(point):
    with pytest.raises(oprf.BadPoint):
        oprf.evaluate(oprf.new_key(), point)


def test_a_message_of_partial_points_is_refused():
    with pytest.raises(oprf.BadPoint):
        oprf.evaluate(oprf.new_key(), b"\x01" * 33)


def test_answers_under_two_epochs_are_not_compared():
    class Rotating(MemoryPartner):
        def tokens(self) -> TokenSet:
            return TokenSet(2, super().tokens().tokens)

    with pytest.raises(Conflict):
        client.ask(Rotating(oprf.new_key(), sha256s(3)), sha256s(3))


def test_a_short_answer_is_refused():
    class Short(MemoryPartner):
        def evaluate(self, blinded: bytes) -> Evaluation:
            return Evaluation(1, oprf.evaluate(self.key, blinded)[32:], 1)

    with pytest.raises(oprf.BadPoint):
        client.ask(Short(oprf.new_key(), []), sha256s(2))


def test_nothing_to_ask_is_refused():
    with pytest.raises(Invalid):
        client.ask(MemoryPartner(oprf.new_key(), []), [])
