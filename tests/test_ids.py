"""Record ids: UUIDv7 (time first, so indexes naming records grow at their end)."""

from __future__ import annotations

import uuid

from liaison.ids import new_id, new_record_id


def test_record_ids_are_version_7_and_ordered_by_their_millisecond():
    ids = [new_record_id(now_ms=1_796_000_000_000 + ms) for ms in range(50) for _ in range(20)]
    parsed = [uuid.UUID(i) for i in ids]
    assert {(u.version, u.variant) for u in parsed} == {(7, uuid.RFC_4122)}
    assert len(set(ids)) == len(ids)
    assert [u.int >> 80 for u in parsed] == sorted(u.int >> 80 for u in parsed)
    assert sorted(ids[::20]) == ids[::20]  # the text sorts as the time does
    assert parsed[0].int >> 80 == 1_796_000_000_000


def test_within_a_millisecond_the_rest_is_random():
    tails = {uuid.UUID(new_record_id(now_ms=0)).int & ((1 << 62) - 1) for _ in range(200)}
    assert len(tails) == 200


def test_other_ids_stay_random_version_4():
    assert uuid.UUID(new_id()).version == 4
