"""Liaison's own small lists, for what the MISP data leaves out or casts too widely.

MISP's rfc6761 list names only example.com/.net/.org (and exact names, not subdomains), and
no MISP list covers IPv6 loopback, unique-local or multicast space. Its public DNS lists
hold every open resolver ever seen (tens of thousands of home routers and cloud VMs, which
criminals use too), so the default is the few well-known public services instead.
"""

from __future__ import annotations

from liaison.warninglists.sources import Source

_IPS = frozenset({"ipv4", "ipv6", "cidr"})
_NAMES = frozenset({"domain", "email"})

SPECIAL_USE_DOMAINS = Source(
    name="liaison-special-use-domains",
    title="Special-use and documentation domain names",
    description="Names reserved for documentation, testing and local use (RFC 2606, 6761, "
    "6762, 8375, 9476, ICANN's .internal): they name nobody's infrastructure.",
    version="1",
    kind="hostname",
    applies_to=_NAMES,
    url_scope="any",
    origin="Liaison",
    entries=(
        "example.com", "example.net", "example.org",  # RFC 2606 documentation names
        "example", "test", "invalid", "localhost",  # RFC 2606 / 6761 top-level names
        "local",  # RFC 6762 multicast DNS
        "home.arpa",  # RFC 8375 home networks
        "alt",  # RFC 9476 non-DNS names
        "internal",  # ICANN 2024: private-use top-level name
    ),
)

IPV6_SPECIAL_USE = Source(
    name="liaison-ipv6-special-use",
    title="IPv6 special-purpose address blocks",
    description="IPv6 blocks that are not globally reachable addresses (IANA IPv6 "
    "Special-Purpose Address Registry, RFC 6890): loopback, unique-local, link-local, "
    "multicast, documentation, benchmarking, discard.",
    version="1",
    kind="cidr",
    applies_to=_IPS,
    url_scope="any",
    origin="Liaison",
    entries=(
        "::/128",  # unspecified
        "::1/128",  # loopback
        "64:ff9b:1::/48",  # local-use IPv4/IPv6 translation (RFC 8215)
        "100::/64",  # discard-only (RFC 6666)
        "2001:2::/48",  # benchmarking (RFC 5180)
        "2001:db8::/32",  # documentation (RFC 3849)
        "3fff::/20",  # documentation (RFC 9637)
        "5f00::/16",  # segment routing SIDs (RFC 9602)
        "fc00::/7",  # unique-local (RFC 4193)
        "fe80::/10",  # link-local (RFC 4291)
        "fec0::/10",  # site-local, deprecated (RFC 3879)
        "ff00::/8",  # multicast (RFC 4291)
    ),
)

PUBLIC_RESOLVERS = Source(
    name="liaison-public-resolvers",
    title="Well-known public DNS resolvers",
    description="Anycast addresses of the large public DNS services (Google, Cloudflare, "
    "Quad9, OpenDNS, AdGuard, CleanBrowsing, Level 3, Yandex, Verisign, Comodo, DNS.WATCH, "
    "Control D, dns0.eu): every victim's machine talks to them.",
    version="1",
    kind="cidr",
    applies_to=_IPS,
    url_scope="site",
    origin="Liaison",
    entries=(
        "8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844",
        "1.1.1.1", "1.0.0.1", "1.1.1.2", "1.0.0.2", "1.1.1.3", "1.0.0.3",
        "2606:4700:4700::1111", "2606:4700:4700::1001", "2606:4700:4700::1112",
        "2606:4700:4700::1002", "2606:4700:4700::1113", "2606:4700:4700::1003",
        "9.9.9.9", "149.112.112.112", "9.9.9.10", "149.112.112.10", "9.9.9.11",
        "149.112.112.11", "2620:fe::fe", "2620:fe::9", "2620:fe::10", "2620:fe::fe:10",
        "2620:fe::11", "2620:fe::fe:11",
        "208.67.222.222", "208.67.220.220", "208.67.222.123", "208.67.220.123",
        "2620:119:35::35", "2620:119:53::53",
        "94.140.14.14", "94.140.15.15", "94.140.14.15", "94.140.15.16",
        "2a10:50c0::ad1:ff", "2a10:50c0::ad2:ff",
        "185.228.168.9", "185.228.169.9", "185.228.168.10", "185.228.169.11",
        "185.228.168.168", "185.228.169.168",
        "4.2.2.1", "4.2.2.2", "4.2.2.3", "4.2.2.4", "4.2.2.5", "4.2.2.6",
        "77.88.8.8", "77.88.8.1", "77.88.8.88", "77.88.8.2", "77.88.8.7", "77.88.8.3",
        "64.6.64.6", "64.6.65.6",
        "8.26.56.26", "8.20.247.20",
        "84.200.69.80", "84.200.70.40",
        "76.76.2.0", "76.76.10.0",
        "193.110.81.0", "185.253.5.0",
    ),
)

PUBLIC_RESOLVER_HOSTNAMES = Source(
    name="liaison-public-resolver-hostnames",
    title="Well-known public DNS resolvers (host names)",
    description="DNS-over-HTTPS/TLS host names of the large public DNS services.",
    version="1",
    kind="hostname",
    applies_to=frozenset({"domain"}),
    url_scope="site",
    origin="Liaison",
    entries=(
        "dns.google", "one.one.one.one", "cloudflare-dns.com", "dns.quad9.net",
        "dns.opendns.com", "doh.opendns.com", "dns.adguard-dns.com", "dns.adguard.com",
        "doh.cleanbrowsing.org", "dns.nextdns.io", "dns0.eu", "dns.controld.com",
        "common.dot.dns.yandex.net",
    ),
)

BUILTIN: dict[str, Source] = {
    s.name: s
    for s in (SPECIAL_USE_DOMAINS, IPV6_SPECIAL_USE, PUBLIC_RESOLVERS, PUBLIC_RESOLVER_HOSTNAMES)
}
