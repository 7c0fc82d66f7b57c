"""IP addresses, networks and autonomous system numbers in one canonical spelling each."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

# The octets 0-255 as written without leading zeros: one set lookup per octet is several
# times cheaper than the equivalent regex, and ingest checks a lot of addresses.
_OCTETS = frozenset(str(n) for n in range(256))
_DOTTED = re.compile(r"[0-9]+(?:\.[0-9]+){3}")
_ASN = re.compile(r"(?:ASN?\s?)?([0-9]{1,10})(?:\.([0-9]{1,5}))?", re.IGNORECASE)
_ASN_MAX = 2**32 - 1


def canonical_ipv4(value: str) -> str | None:
    """`value` stripped when it is a canonical dotted quad, else None: `ipv4` without raising."""
    v = value.strip()
    parts = v.split(".")
    return v if len(parts) == 4 and _OCTETS.issuperset(parts) else None


def ipv4(value: str) -> str:
    """Dotted-quad IPv4; already canonical when it matches, so no object is built.

    Leading zeros are refused: ``010.0.0.1`` is octal to some parsers and decimal to others.
    """
    v = value.strip()
    parts = v.split(".")  # canonical_ipv4 inlined: this is the hot path of bulk ingest
    if len(parts) == 4 and _OCTETS.issuperset(parts):
        return v
    if _DOTTED.fullmatch(v):
        raise ValueError("each of the four numbers must be 0-255 without leading zeros")
    raise ValueError("not an IPv4 address (four numbers 0-255 separated by dots)")


def _ipv6_text(address: ipaddress.IPv6Address) -> str:
    # RFC 5952 section 5: IPv4-mapped addresses keep the dotted quad. Python changed how
    # it prints these in 3.13, so spell them out to stay stable across versions.
    mapped = address.ipv4_mapped
    return f"::ffff:{mapped}" if mapped is not None else address.compressed


@lru_cache(maxsize=65536)
def ipv6(value: str) -> str:
    """IPv6 in RFC 5952 compressed lower-case form; ``[…]`` brackets are accepted."""
    v = value.strip()
    if v.startswith("[") and v.endswith("]"):
        v = v[1:-1]
    if "%" in v:
        raise ValueError("a zone index (%…) is local to one machine; give the address only")
    try:
        return _ipv6_text(ipaddress.IPv6Address(v))
    except ValueError:
        raise ValueError("not an IPv6 address") from None


@lru_cache(maxsize=65536)
def cidr(value: str) -> str:
    """A network as ``address/prefix`` with host bits cleared; a bare address is a /32 or /128.

    ``192.0.2.77/24`` names the network 192.0.2.0/24, which is what correlation matches on.
    """
    v = value.strip()
    try:
        network = ipaddress.ip_network(v, strict=False)
    except ValueError:
        raise ValueError("not a network in CIDR notation (address/prefix length)") from None
    if isinstance(network, ipaddress.IPv6Network):
        return f"{_ipv6_text(network.network_address)}/{network.prefixlen}"
    return str(network)


def asn(value: str) -> str:
    """``AS13335``, ``as13335``, ``13335`` and asdot ``AS0.13335`` (RFC 5396) as ``AS13335``."""
    match = _ASN.fullmatch(value.strip())
    if match is None:
        raise ValueError("not an autonomous system number (AS1 to AS4294967295)")
    high, low = match.groups()
    if low is None:
        number = int(high)
    else:
        if int(high) > 0xFFFF or int(low) > 0xFFFF:
            raise ValueError("asdot numbers are two parts of 0-65535")
        number = (int(high) << 16) | int(low)
    if not 0 < number <= _ASN_MAX:
        raise ValueError("AS numbers run from 1 to 4294967295 (AS0 is reserved)")
    return f"AS{number}"
