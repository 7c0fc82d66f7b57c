"""IPv4, IPv6, CIDR and ASN: valid, invalid and defanged spellings."""

from __future__ import annotations

import pytest

from liaison.observables import InvalidObservable, normalise

# Real C&C addresses from ESET's OceanLotus and Zebrocy MISP events.
ESET_IPV4 = ["46.183.220.81", "45.124.132.127", "198.55.120.143", "185.156.173.70"]


@pytest.mark.parametrize("ip", ESET_IPV4)
def test_real_ipv4_is_already_canonical(ip: str) -> None:
    assert normalise("ipv4", ip) == ip


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (" 46.183.220.81\n", "46.183.220.81"),
        ("46[.]183[.]220[.]81", "46.183.220.81"),
        ("46(.)183(.)220(.)81", "46.183.220.81"),
        ("46{.}183[dot]220(DOT)81", "46.183.220.81"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
    ],
)
def test_ipv4_spellings(raw: str, canonical: str) -> None:
    assert normalise("ipv4", raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("256.1.1.1", "0-255 without leading zeros"),
        ("010.0.0.1", "leading zeros"),
        ("107.183.86", "not an IPv4 address"),  # truncated value from a real MISP event
        ("1.2.3.4/32", "not an IPv4 address"),
        ("2001:db8::1", "not an IPv4 address"),
        ("١.٢.٣.٤", "not an IPv4 address"),  # Arabic-Indic digits are not ASCII digits
    ],
)
def test_ipv4_rejected_with_reason(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable) as info:
        normalise("ipv4", raw)
    assert info.value.type == "ipv4"
    assert info.value.value == raw
    assert reason in info.value.reason
    assert str(info.value) == f"ipv4: {info.value.reason}"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("2001:67c:2e8:22::c100:68b", "2001:67c:2e8:22::c100:68b"),  # RIPE NCC's web server
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),  # RFC 5952 §4.2.3: first longest run
        ("::FFFF:192.0.2.1", "::ffff:192.0.2.1"),  # RFC 5952 §5: mapped keeps dotted quad
        ("::ffff:c000:201", "::ffff:192.0.2.1"),
        ("2001[:]db8[:][:]1", "2001:db8::1"),
    ],
)
def test_ipv6_compressed(raw: str, canonical: str) -> None:
    assert normalise("ipv6", raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("fe80::1%eth0", "zone index"),
        ("2001:db8::1::2", "not an IPv6 address"),
        ("46.183.220.81", "not an IPv6 address"),
        ("2001:db8::g", "not an IPv6 address"),
    ],
)
def test_ipv6_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable, match=reason):
        normalise("ipv6", raw)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("112.64.0.0/15", "112.64.0.0/15"),  # APT1 report's STIX pattern (OASIS example)
        ("37.59.60.199/20", "37.59.48.0/20"),  # host bits cleared
        ("46.183.220.81", "46.183.220.81/32"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("2001:db8::1", "2001:db8::1/128"),
        ("192.0.2.0/255.255.255.0", "192.0.2.0/24"),
        ("::ffff:192.0.2.0/120", "::ffff:192.0.2.0/120"),
        ("46[.]183[.]220[.]0/24", "46.183.220.0/24"),
    ],
)
def test_cidr(raw: str, canonical: str) -> None:
    assert normalise("cidr", raw) == canonical


@pytest.mark.parametrize("raw", ["10.0.0.0/33", "10.0.0/8", "2001:db8::/129", "example.com/24"])
def test_cidr_rejected(raw: str) -> None:
    with pytest.raises(InvalidObservable, match="cidr: not a network"):
        normalise("cidr", raw)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("AS174", "AS174"),  # Cogent, from MISP's reference STIX conversions
        ("as13335", "AS13335"),
        ("13335", "AS13335"),
        ("AS 13335", "AS13335"),
        ("ASN13335", "AS13335"),
        ("AS013335", "AS13335"),
        ("AS4294967295", "AS4294967295"),
        ("AS1.10", "AS65546"),  # RFC 5396 asdot
    ],
)
def test_asn(raw: str, canonical: str) -> None:
    assert normalise("asn", raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("AS0", "AS0 is reserved"),
        ("AS4294967296", "from 1 to 4294967295"),
        ("AS-1", "not an autonomous system number"),
        ("Cloudflare", "not an autonomous system number"),
        ("AS1.65536", "asdot"),
    ],
)
def test_asn_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable, match=reason):
        normalise("asn", raw)
