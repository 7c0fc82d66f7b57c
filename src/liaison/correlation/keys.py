"""What an observable is indexed under: its own canonical value, the values it implies, and
(for IP addresses) a key in address order."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache
from hashlib import blake2b
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from liaison.observables import Observable, ObservableType, derived_links

Col = ColumnElement[str] | InstrumentedAttribute[str]
KeyCol = ColumnElement[int] | InstrumentedAttribute[int]
IP_TYPES = frozenset({ObservableType.IPV4.value, ObservableType.IPV6.value})


def value_key(type_: str, value: str) -> int:
    """A signed 64-bit hash of (type, canonical value): what the correlation indexes are keyed
    on. An 8-byte integer key makes index entries several times smaller than the text they
    stand for, so ingest writes fewer pages; every query also compares type and value, so a
    collision costs a row read, never a false match."""
    digest = blake2b(f"{type_}\0{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def row_value_key(context: Any) -> int:
    """Column default: the key of the row being inserted, so Core inserts that name only
    type and value are keyed as ORM ones are."""
    row = context.get_current_parameters()
    return value_key(row["type"], row["value"])


@lru_cache(maxsize=65536)
def address_key(type_: str, value: str) -> str | None:
    """"4" or "6" then the packed address in hex: fixed width, so text order is address order
    and a network's addresses are one range."""
    if type_ not in IP_TYPES:
        return None
    address = ipaddress.ip_address(value)
    return f"{address.version}{address.packed.hex()}"


def network_range(value: str) -> tuple[str, str]:
    """The address keys of a network's first and last address."""
    network = ipaddress.ip_network(value, strict=False)
    version = network.version
    return (f"{version}{network.network_address.packed.hex()}",
            f"{version}{network.broadcast_address.packed.hex()}")


def containing_networks(type_: str, value: str) -> list[str]:
    """Every network (as a canonical CIDR) that contains this address, /8 to the host
    route for IPv4 and /16 to /128 for IPv6: what an exact index lookup can match."""
    if type_ not in IP_TYPES:
        return []
    address = ipaddress.ip_address(value)
    shortest = 8 if address.version == 4 else 16
    return [
        str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
        for prefix in range(shortest, address.max_prefixlen + 1)
    ]


@lru_cache(maxsize=65536)
def links(type_: str, value: str) -> tuple[Observable, ...]:
    return tuple(derived_links(type_, value))


def any_pair(key_col: KeyCol, type_col: Col, value_col: Col,
             pairs: Sequence[tuple[str, str]]) -> ColumnElement[bool]:
    """Rows holding any of (type, value): found on the hashed key's index, then compared in
    full (a hash collision must not pass for a match)."""
    return or_(*(and_(key_col == value_key(t, v), type_col == t, value_col == v)
                 for t, v in pairs))
