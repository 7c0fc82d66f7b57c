"""Identifiers. Most are random UUIDs, so they reveal neither counts nor creation order.

Records are the exception: a record's id leads with its creation time (UUIDv7, RFC 9562
§5.7: 48 bits of Unix milliseconds, then 74 random bits), so the records' key and every
index naming a record (observables, links, hits) grow at their end instead of at a random
place. With random ids a bulk import of 10,000 observables dirtied a page of those indexes
per observable and each commit rewrote most of them: a third of an import's time at a
million observables. The id tells nothing its reader cannot see already: whoever may read
a record id may read the record, and its `created_at`; deconfliction hits never show the
seeker a record's id. Python has `uuid.uuid7` only from 3.14; the layout is ten lines.
"""

import os
import time
import uuid


def new_id() -> str:
    return str(uuid.uuid4())


def new_record_id(now_ms: int | None = None) -> str:
    """A UUIDv7: time-ordered to the millisecond, random (74 bits) within it."""
    ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")  # 80 bits; 74 used
    value = (ms & (1 << 48) - 1) << 80
    value |= 0x7 << 76  # version
    value |= (rand >> 68) << 64  # rand_a: 12 bits
    value |= 0b10 << 62  # variant (RFC 9562 / 4122)
    value |= rand & (1 << 62) - 1  # rand_b: 62 bits
    return str(uuid.UUID(int=value))
