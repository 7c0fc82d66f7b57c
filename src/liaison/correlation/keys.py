"""What an observable is indexed under: its own canonical value, the values it implies, and
(for IP addresses) a key in address order."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from liaison.observables import Observable, ObservableType, derived_links

IP_TYPES = frozenset({ObservableType.IPV4.value, ObservableType.IPV6.value})


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
