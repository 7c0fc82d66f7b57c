"""Which of Liaison's observable types a MISP list applies to, from its `matching_attributes`.

MISP names attribute types (ip-src, hostname, filename|md5 …); Liaison has observable types.
A list applies only where both its attributes and its kind make sense: a CIDR list never
judges a domain, a regex list is only run on the short text types where it is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable

IPS = frozenset({"ipv4", "ipv6", "cidr"})
NAMES = frozenset({"domain", "email"})

_ATTRIBUTES: dict[str, frozenset[str]] = {
    "ip-src": IPS, "ip-dst": IPS, "ip-src|port": IPS, "ip-dst|port": IPS,
    "domain": frozenset({"domain"}), "hostname": frozenset({"domain"}),
    "hostname|port": frozenset({"domain"}),
    "url": frozenset({"url"}), "uri": frozenset({"url"}), "link": frozenset({"url"}),
    **dict.fromkeys(("email", "email-src", "email-dst", "target-email",
                     "whois-registrant-email", "dns-soa-email"), frozenset({"email"})),
    **{a: frozenset({h}) for h in ("md5", "sha1", "sha256", "sha512")
       for a in (h, f"filename|{h}", f"x509-fingerprint-{h}")},
    "phone-number": frozenset({"phone"}), "whois-registrant-phone": frozenset({"phone"}),
    "filename": frozenset({"file_name"}),
    "AS": frozenset({"asn"}), "btc": frozenset({"btc_address"}), "xmr": frozenset({"xmr_address"}),
}

# What each kind of list can judge; "url" here means URLs through their host.
_KIND_TYPES: dict[str, frozenset[str]] = {
    "cidr": IPS | {"url"},
    "hostname": NAMES | {"url"},
    "substring": NAMES | {"url"},
    "string": frozenset(t for types in _ATTRIBUTES.values() for t in types),
    # Regexes cost a match per value: kept off the hot types (IPs, domains, URLs, hashes).
    "regex": frozenset({"email", "phone", "handle", "file_name"}),
}

SPECIAL_USE = frozenset({
    "rfc1918", "rfc5735", "rfc6598", "rfc3849", "rfc6761", "ipv6-linklocal", "multicast",
})
"""Lists of addresses and names no one can own: any URL or e-mail address on them is local
or fictitious, whatever its path, so they apply to every URL and address on their hosts."""


def _mapped(attributes: Iterable[str], kind: str) -> set[str]:
    types: set[str] = set()
    for attribute in attributes:
        if attribute == "domain|ip":  # a pair: its address half for CIDR lists, else its name
            types |= IPS if kind == "cidr" else {"domain"}
        else:
            types |= _ATTRIBUTES.get(attribute, frozenset())
    return types


def applies_to(name: str, kind: str, attributes: Iterable[str]) -> frozenset[str]:
    """The observable types checked directly against the list (URLs go by `url_scope`)."""
    types = _mapped(attributes, kind) & _KIND_TYPES.get(kind, frozenset())
    if name in SPECIAL_USE and types & {"domain"}:
        types.add("email")  # user@example.com is as fictitious as example.com
    types.discard("url")
    return frozenset(types)


def url_scope(name: str, kind: str, attributes: Iterable[str]) -> str | None:
    """"any" for special-use lists, "site" for lists MISP applies to URLs, else None.

    A popular or benign host does not make every URL on it benign: a phishing form on a
    top-ranked site or one short link is exactly what agencies need to correlate, so such
    lists only cover the bare site (``https://bit.ly/``), never a path on it.
    """
    if kind not in ("cidr", "hostname", "substring", "string"):
        return None
    if name in SPECIAL_USE:
        return "any"
    return "site" if "url" in _mapped(attributes, kind) else None
