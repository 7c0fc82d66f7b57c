"""The matcher: every enabled list folded into a few dicts, so a value costs about a microsecond.

Each list gets one bit; every key maps to the bitmask of the lists holding it, and each
observable type has the mask of the lists that apply to it. So a value costs a handful of
dict lookups whatever the number of lists:

* exact values (hashes, e-mail addresses, URLs, phone numbers …): one dict per type;
* domain names: the name itself in the exact-name dict, then the name and each parent in
  the suffix dict, stopping at an ownership boundary (see `boundaries`); URLs and e-mail
  addresses are judged by their host or domain;
* addresses and networks: per prefix length, a dict from network number to mask, so an
  address costs one shift and one lookup per prefix length in use;
* substring lists with at most `SMALL` entries are scanned (larger ones are domain lists
  matched as suffixes), and regex lists run only on e-mail, phone, handle and file-name
  values, matching the whole canonical value (an unanchored MISP pattern would match inside
  unrelated longer numbers).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from liaison.observables import InvalidObservable, ObservableType, normalise, observable_type
from liaison.observables.domains import domain as _domain_cached
from liaison.warninglists.attributes import IPS
from liaison.warninglists.boundaries import boundaries
from liaison.warninglists.sources import Source

SMALL = 200
_HASH_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}
_HEX = frozenset("0123456789abcdef")
_LABEL = re.compile(r"[a-z0-9-]{1,63}")
_REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
_domain = _domain_cached.__wrapped__  # building must not flush the normaliser's cache

Hits = list[tuple[int, str]]
"""(mask of the lists that matched, the entry that matched) pairs."""


@dataclass(frozen=True, slots=True)
class Listing:
    """Why a value does not correlate: the list (name, words, version) and the entry hit."""

    name: str
    title: str
    description: str
    version: str
    entry: str


def _regex(text: str) -> re.Pattern[str] | None:
    """A MISP ``/pattern/flags`` regex (PCRE) as Python's, or None if it does not compile."""
    pattern, flags = text, 0
    if text.startswith("/") and text.rfind("/") > 0:
        cut = text.rfind("/")
        pattern = text[1:cut]
        for letter in text[cut + 1:]:
            flags |= _REGEX_FLAGS.get(letter, 0)
    try:
        return re.compile(pattern, flags)
    except re.error:
        return None


def _host_entry(entry: str) -> str:
    """A list's host name in canonical form; unlike observables, a top-level name is fine."""
    name = entry.removeprefix("*.").strip(".").lower()
    return name if _LABEL.fullmatch(name) else str(_domain(name))


def _canonical(kind: str, entry: str) -> str | None:
    """The entry as a canonical value of type `kind`, or None when it is not one."""
    value = entry.strip()
    try:
        if kind in _HASH_LENGTHS:
            value = value.lower()
            ok = len(value) == _HASH_LENGTHS[kind] and _HEX.issuperset(value)
            return value if ok else None
        if kind == "domain":
            return _host_entry(value)
        return normalise(kind, value)
    except (ValueError, InvalidObservable):
        return None


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        return None


class Index:
    """The enabled lists, compiled for matching; build once per process (see `current`)."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = tuple(sources)
        self.skipped: dict[str, int] = {}
        self._names_exact: dict[str, int] = {}
        self._names_suffix: dict[str, int] = {}
        self._exact: dict[str, dict[str, int]] = {t.value: {} for t in ObservableType}
        self._nets: dict[int, dict[int, dict[int, int]]] = {4: {}, 6: {}}
        self._substrings: list[tuple[str, int]] = []
        self._regexes: list[tuple[re.Pattern[str], int, str]] = []
        self._mask: dict[str, int] = {t.value: 0 for t in ObservableType}
        self._url_any = self._url_site = 0
        for bit, source in enumerate(self.sources):
            self._add(source, 1 << bit)
        self._v4 = self._tables(4, 32)
        self._v6 = self._tables(6, 128)
        self._bounds = boundaries()
        plain: dict[str, Callable[[str], Hits]] = {
            t.value: self._plain(t.value) for t in ObservableType
        }
        self._plain_email = plain["email"]
        self._handlers: dict[str, Callable[[str], Hits]] = {
            **plain, "ipv4": self._ipv4, "ipv6": self._ipv6, "cidr": self._cidr,
            "domain": self._domain, "url": self._url, "email": self._email,
        }

    # --- building --------------------------------------------------------------------

    def _tables(self, version: int, bits: int) -> tuple[tuple[int, int, dict[int, int]], ...]:
        by_prefix = self._nets[version]
        return tuple((p, bits - p, by_prefix[p]) for p in sorted(by_prefix))

    def _add_network(self, network: ipaddress.IPv4Network | ipaddress.IPv6Network,
                     mask: int) -> None:
        table = self._nets[network.version].setdefault(network.prefixlen, {})
        key = int(network.network_address) >> (network.max_prefixlen - network.prefixlen)
        table[key] = table.get(key, 0) | mask

    @staticmethod
    def _put(table: dict[str, int], key: str, mask: int) -> None:
        table[key] = table.get(key, 0) | mask

    def _add(self, source: Source, mask: int) -> None:
        for kind in source.applies_to:
            self._mask[kind] |= mask
        if source.url_scope == "any":
            self._url_any |= mask
        elif source.url_scope == "site":
            self._url_site |= mask
        if source.kind == "node":
            for kind, value in source.typed:
                if kind in IPS:
                    self._add_network(ipaddress.ip_network(value, strict=False), mask)
                elif kind == "domain":
                    self._put(self._names_suffix, value, mask)
                else:
                    self._put(self._exact[kind], value, mask)
            return
        used = sum(self._add_entry(source, entry, mask) for entry in source.entries)
        if used < len(source.entries):
            self.skipped[source.name] = len(source.entries) - used

    def _add_entry(self, source: Source, entry: str, mask: int) -> bool:
        kind = source.kind
        if kind == "regex":
            pattern = _regex(entry)
            if pattern is not None:
                self._regexes.append((pattern, mask, entry))
            return pattern is not None
        network = _network(entry) if kind == "cidr" or source.applies_to & IPS else None
        if network is not None:
            self._add_network(network, mask)
            return True
        if kind == "cidr":
            return False
        if kind == "hostname" or (kind == "substring" and len(source.entries) > SMALL):
            name = _canonical("domain", entry)
            if name is not None:
                self._put(self._names_suffix, name, mask)
            return name is not None
        if kind == "substring":
            self._substrings.append((entry.strip().lower(), mask))
            return True
        used = False
        for target in source.applies_to - IPS:
            value = _canonical(target, entry)
            if value is not None:
                table = self._names_exact if target == "domain" else self._exact[target]
                self._put(table, value, mask)
                used = True
        return used

    # --- matching --------------------------------------------------------------------

    def hits(self, type_: ObservableType | str, value: str) -> Hits:
        """Raw matches of a canonical value: (mask, entry) pairs, empty when not listed."""
        handler = self._handlers.get(type_)
        if handler is None:
            observable_type(type_, value)  # raises InvalidObservable naming the type
            return []
        return handler(value)

    def is_listed(self, type_: ObservableType | str, value: str) -> bool:
        """Whether any enabled list holds the canonical value: the correlation hot path."""
        return bool(self.hits(type_, value))

    def check(self, type_: ObservableType | str, value: str) -> tuple[Listing, ...]:
        """Every enabled list holding the value, in list order, with the entry that matched."""
        hits = self.hits(type_, value)
        if not hits:
            return ()
        found: dict[int, str] = {}
        for mask, entry in hits:
            while mask:
                low = mask & -mask
                found.setdefault(low.bit_length() - 1, entry)
                mask ^= low
        return tuple(
            Listing(s.name, s.title, s.description, s.version, found[i])
            for i, s in enumerate(self.sources) if i in found
        )

    def _plain(self, kind: str) -> Callable[[str], Hits]:
        exact, mask = self._exact[kind], self._mask[kind]
        regexes = [(p, m & mask, src) for p, m, src in self._regexes if m & mask]

        def match(value: str) -> Hits:
            hits: Hits = []
            m = exact.get(value, 0) & mask
            if m:
                hits.append((m, value))
            for pattern, m, source in regexes:
                if pattern.fullmatch(value):
                    hits.append((m, source))
            return hits

        return match

    def _ip(self, number: int, tables: tuple[tuple[int, int, dict[int, int]], ...],
            mask: int, longest: int, hits: Hits, version: int) -> None:
        for prefix, shift, table in tables:
            if prefix > longest:
                break
            m = table.get(number >> shift, 0) & mask
            if m:
                start = number >> shift << shift
                address = (ipaddress.IPv4Address(start) if version == 4
                           else ipaddress.IPv6Address(start))
                full = prefix == (32 if version == 4 else 128)
                hits.append((m, str(address) if full else f"{address}/{prefix}"))

    def _ip_text(self, value: str, mask: int, hits: Hits, longest: int = 128) -> None:
        try:
            if ":" not in value:
                number = int.from_bytes(socket.inet_aton(value), "big")
                self._ip(number, self._v4, mask, longest, hits, 4)
                return
            number = int.from_bytes(socket.inet_pton(socket.AF_INET6, value), "big")
        except OSError:
            return
        if number >> 32 == 0xFFFF and longest >= 96:  # ::ffff:a.b.c.d is an IPv4 address
            self._ip(number & 0xFFFFFFFF, self._v4, mask, longest - 96, hits, 4)
        self._ip(number, self._v6, mask, longest, hits, 6)

    def _ipv4(self, value: str) -> Hits:
        hits: Hits = []
        self._ip_text(value, self._mask["ipv4"], hits)
        return hits

    def _ipv6(self, value: str) -> Hits:
        hits: Hits = []
        self._ip_text(value, self._mask["ipv6"], hits)
        return hits

    def _cidr(self, value: str) -> Hits:
        """A network is listed when a listed network contains all of it."""
        hits: Hits = []
        address, _, length = value.rpartition("/")
        if length.isdigit():
            self._ip_text(address, self._mask["cidr"], hits, int(length))
        return hits

    def _name(self, name: str, mask: int, hits: Hits) -> None:
        m = self._names_exact.get(name, 0) & mask
        if m:
            hits.append((m, name))
        suffixes, bounds = self._names_suffix, self._bounds
        candidate, first = name, True
        while True:
            dot = candidate.find(".")
            parent = candidate[dot + 1:] if dot >= 0 else ""
            boundary = bounds.is_boundary(candidate, parent)
            if first or not boundary:
                m = suffixes.get(candidate, 0) & mask
                if m:
                    hits.append((m, candidate))
            if boundary or dot < 0:
                break
            candidate, first = parent, False
        for needle, m in self._substrings:
            if m & mask and needle in name:
                hits.append((m & mask, needle))

    def _domain(self, value: str) -> Hits:
        hits: Hits = []
        self._name(value, self._mask["domain"], hits)
        return hits

    def _email(self, value: str) -> Hits:
        hits = self._plain_email(value)
        self._name(value.rpartition("@")[2], self._mask["email"], hits)
        return hits

    def _url(self, value: str) -> Hits:
        """Exact URL entries, then the host: see `attributes.url_scope` for which lists."""
        hits: Hits = []
        m = self._exact["url"].get(value, 0) & self._mask["url"]
        if m:
            hits.append((m, value))
        rest = value[value.find("://") + 3:]
        slash = rest.find("/")
        authority, path = (rest, "/") if slash < 0 else (rest[:slash], rest[slash:])
        mask = self._url_any | (self._url_site if path == "/" else 0)
        host = authority.rpartition("@")[2]
        if host.startswith("["):
            self._ip_text(host[1:host.find("]")], mask, hits)
        else:
            host = host.partition(":")[0]
            if host.replace(".", "").isdigit():
                self._ip_text(host, mask, hits)
            elif host:
                self._name(host, mask, hits)
        return hits
