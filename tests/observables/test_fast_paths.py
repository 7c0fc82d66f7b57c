"""The shortcuts bulk ingest takes give exactly what the general code gives.

Each shortcut (refang's common spellings, normalise's per-type checks, plain URLs, URL hosts,
the suffix-list walk behind registrable domains) is compared with the slower code it stands
in for, on generated and adversarial values, errors included.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

import pytest
import tldextract
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.provisional import domains, urls

from liaison.observables import (
    InvalidObservable,
    Observable,
    derived_links,
    normalise,
    refang,
    registrable_domain,
)
from liaison.observables import ObservableType as T
from liaison.observables.domains import _EXTRACT, has_public_suffix, registrable_domain_uncached
from liaison.observables.net import canonical_ipv4, ipv4
from liaison.observables.normalise import _NORMALISERS
from liaison.observables.refang import _DEFANGED, _replace
from liaison.observables.urls import _any_url, url, url_host

# Pieces that stress the shortcuts' edges: defanging in every form, case, whitespace,
# punycode, wildcard and exception suffix rules, ports, user info, leading zeros.
TOKENS = [
    "hxxp",
    "hxxps",
    "HXXPS",
    "hXxP",
    "http",
    "https",
    "ftp",
    "://",
    ":",
    "[://]",
    "[:]",
    "[.]",
    "(.)",
    "{.}",
    "[ . ]",
    "[dot]",
    " [dot] ",
    "(DOT)",
    "[at]",
    "(at)",
    "[@]",
    "[[.]]",
    ".",
    "..",
    "@",
    "/",
    "?q=1",
    "#frag",
    "%2e",
    "%41",
    " ",
    "\t",
    "\n",
    "mailto:",
    "example",
    "EXAMPLE",
    "com",
    "co",
    "uk",
    "xn--bcher-kva",
    "xn--p1ai",
    "xn--",
    "xn--a-",
    "github",
    "io",
    "blogspot",
    "ck",
    "www",
    "city",
    "kawasaki",
    "jp",
    "top",
    "export",
    "-",
    "_",
    "bücher",
    "ΑΣ",
    "K",
    "ſ",
    "\u3002",
    "1",
    "0",
    "01",
    "255",
    "256",
    "10",
    "8080",
    "9f",
    "ABCDEF",
    "0123456789abcdef",
]
pieces = st.lists(st.sampled_from(TOKENS) | st.text(max_size=2), max_size=10).map("".join)


def _outcome(func: Callable[..., object], *args: object) -> tuple[object, ...]:
    try:
        return ("ok", func(*args))
    except ValueError as exc:  # InvalidObservable is one; compare what a user is told
        return ("error", getattr(exc, "reason", str(exc)))


def _slow_refang(value: str) -> str:
    while True:
        live = _DEFANGED.sub(_replace, value)
        if live == value:
            return live
        value = live


def _general_normalise(kind: T, raw: str) -> str:
    value = _slow_refang(raw)
    if not value or value.isspace():
        raise ValueError("the value is empty")
    return _NORMALISERS[kind](value)


@settings(max_examples=500)
@given(pieces)
def test_refang_shortcuts_match_the_regex(text: str) -> None:
    assert refang(text) == _slow_refang(text)


@pytest.mark.parametrize(
    "text",
    [
        "hxxps://a[.]b/c",
        "HXXP://a.b",
        "hxxps:[.]",
        "hxxp[://]a[.]b",
        "1[.]2.3.4",
        "a[.]b(.)c",
        "a[[.]]b",
        "hxxpſ://a",
        "xhxxp://a",
        " hxxp://a",
        "hxxps://a/hxxp://b",
        "[.]]",
    ],
)
def test_refang_shortcut_edges(text: str) -> None:
    assert refang(text) == _slow_refang(text)


FAST_KINDS = [T.IPV4, T.DOMAIN, T.EMAIL, T.MD5, T.SHA1, T.SHA256, T.SHA512, T.URL]


@pytest.mark.parametrize("kind", FAST_KINDS)
@settings(max_examples=100)
@given(data=st.data())
def test_normalise_shortcuts_match_the_general_path(kind: T, data: st.DataObject) -> None:
    raw = data.draw(
        pieces
        | st.ip_addresses(v=4).map(str).map(lambda ip: ip.replace(".", "[.]", 1))
        | domains().map(str.upper)
        | st.tuples(pieces, domains()).map("@".join)
        | urls()
        | st.binary(min_size=16, max_size=64).map(bytes.hex).map(str.upper)
    )
    assert _outcome(normalise, kind, raw) == _outcome(_general_normalise, kind, raw)


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (T.IPV4, " 1[.]2.3.4\n"),
        (T.IPV4, "1[.]2[.]3[.]4"),
        (T.IPV4, "1[.]02.3.4"),
        (T.IPV4, "1[[.]]2.3.4"),
        (T.IPV4, "1.2.3.4.5"),
        (T.IPV4, "١.2.3.4"),
        (T.DOMAIN, "EXPERT.COM"),
        (T.DOMAIN, "\u212aelvin.com"),
        (T.DOMAIN, "xn--bcher-kva.de"),
        (T.DOMAIN, "XN--999999999.com"),
        (T.DOMAIN, "a.com."),
        (T.DOMAIN, "a" * 250 + ".com"),
        (T.MD5, "A" * 32 + " "),
        (T.EMAIL, "Alex.P@EXPERT.com"),
        (T.EMAIL, "a@b@c.com"),
        (T.EMAIL, "a" * 65 + "@b.com"),
        (T.EMAIL, "mailto:a@b.com"),
        (T.EMAIL, "a@localhost"),
        (T.EMAIL, "a@xn--999999999.com"),
        (T.EMAIL, "a(.)b@c.com"),
        (T.SHA1, "g" * 40),
    ],
)
def test_normalise_shortcut_edges(kind: T, raw: str) -> None:
    assert _outcome(normalise, kind, raw) == _outcome(_general_normalise, kind, raw)


@settings(max_examples=300)
@given(
    urls()
    | pieces
    | st.sampled_from(["http://", "HTTPS://", "ftp://"]).flatmap(
        lambda scheme: pieces.map(lambda rest: scheme + rest)
    )
)
def test_plain_url_shortcut_matches_the_general_path(value: str) -> None:
    assert _outcome(url, value) == _outcome(_any_url, value)


_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([^?#]*)(\?[^#]*)?(?:#.*)?", re.DOTALL)


def _slow_url_host(value: str) -> str:
    match = _URL.fullmatch(value)
    if match is None:
        raise ValueError("not a canonical URL")
    hostport = match.group(2).rpartition("@")[2]
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            raise ValueError("an IPv6 host must be enclosed in [ ]")
        host, rest = hostport[: close + 1], hostport[close + 1 :]
        if rest and not rest.startswith(":"):
            raise ValueError("unexpected text after the IPv6 host")
        return host[1:-1]
    host, _, port = hostport.partition(":")
    if ":" in port:
        raise ValueError("the host has more than one ':'; an IPv6 host needs [ ]")
    return host


@settings(max_examples=300)
@given(urls() | pieces | pieces.map(lambda rest: "http://" + rest))
def test_url_host_matches_the_full_pattern(value: str) -> None:
    assert _outcome(url_host, value) == _outcome(_slow_url_host, value)


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("1.2.3.4", "1.2.3.4"),
        (" 255.255.255.255\n", "255.255.255.255"),
        ("0.0.0.0", "0.0.0.0"),
        ("01.2.3.4", None),
        ("256.1.1.1", None),
        ("1.2.3", None),
        ("1.2.3.4.5", None),
        ("1..2.3", None),
        ("", None),
        ("١.2.3.4", None),
        ("+1.2.3.4", None),
        ("1 .2.3.4", None),
    ],
)
def test_canonical_ipv4(value: str, address: str | None) -> None:
    assert canonical_ipv4(value) == address
    assert _outcome(ipv4, value)[0] == ("error" if address is None else "ok")


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"(?:{_OCTET}\.){{3}}{_OCTET}")


@given(st.text(alphabet="0123456789. 5\n", max_size=20) | st.ip_addresses(v=4).map(str))
def test_canonical_ipv4_is_the_dotted_quad_pattern(value: str) -> None:
    stripped = value.strip()
    assert canonical_ipv4(value) == (stripped if _IPV4.fullmatch(stripped) else None)


# --- the suffix list walk against tldextract itself -----------------------------------------

# Built as domains.py builds its extractor: same bundled snapshot, same private-suffix policy.
TLDEXTRACT = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)


def _expected(name: str) -> tuple[str | None, bool]:
    result = TLDEXTRACT(name)
    return result.top_domain_under_public_suffix or None, bool(result.suffix)


def _hosts_from_every_rule() -> list[str]:
    hosts = set()
    for rule in _EXTRACT.tlds:
        base = rule.replace("*", "foo").lstrip("!")
        for name in (base, "x." + base, "a.x." + base, "www." + base, "city." + base):
            hosts.add(name)
            with contextlib.suppress(UnicodeError):
                hosts.add(name.encode("idna").decode("ascii"))
    return sorted(hosts)


def test_registrable_domain_is_tldextracts_for_every_rule() -> None:
    hosts = _hosts_from_every_rule()
    assert len(hosts) > 30000  # the snapshot was read
    wrong = [
        name
        for name in hosts
        if (registrable_domain_uncached(name), has_public_suffix(name)) != _expected(name)
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "name",
    [
        "www.ck",
        "a.www.ck",
        "foo.ck",
        "a.foo.ck",
        "ck",
        "city.kawasaki.jp",
        "a.city.kawasaki.jp",
        "kawasaki.jp",
        "x.kawasaki.jp",
        "a.x.kawasaki.jp",
        "raw.githubusercontent.com",
        "a.raw.githubusercontent.com",
        "foo.blogspot.com",
        "blogspot.com",
        "github.io",
        "xn--e1afmkfd.xn--p1ai",
        "a.xn--p1ai",
        "xn--p1ai",
        "xn--zz-.com",
        "a.xn--.com",
        "xn--bcher-kva.de",
        "localhost",
        "1.2.3.4",
        "1.2.3.4.5",
        "igfxtray.exe",
        "a..b.com",
        ".com",
        "a.com.",
        "A.Example.COM",
        "bücher.de",
        "пример.рф",
        "http://a.b.co.uk/x",
        "user@mail.example.com",
        "a.example.com:8080",
        "[2001:db8::1]",
        " a.com",
        "a.com\n",
        "_dmarc.example.com",
        "a-.example.com",
        "",
        ".",
        "co.uk",
        "a.b.co.uk",
    ],
)
def test_registrable_domain_is_tldextracts(name: str) -> None:
    assert (registrable_domain(name), has_public_suffix(name)) == _expected(name)


LABELS = [
    "www",
    "a",
    "x",
    "co",
    "uk",
    "com",
    "ck",
    "jp",
    "kawasaki",
    "city",
    "github",
    "io",
    "blogspot",
    "xn--p1ai",
    "xn--e1afmkfd",
    "xn--",
    "1",
    "foo",
    "s3",
    "amazonaws",
    "de",
]


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(LABELS) | st.from_regex(r"[a-z0-9_-]{0,5}", fullmatch=True),
        min_size=1,
        max_size=6,
    ).map(".".join)
    | domains()
    | pieces
)
def test_registrable_domain_matches_tldextract(name: str) -> None:
    assert (registrable_domain_uncached(name), has_public_suffix(name)) == _expected(name)


# --- links ----------------------------------------------------------------------------------


def test_links_come_in_a_fresh_list_each_time() -> None:
    canonical = normalise(T.URL, "https://www.example.co.uk/a")
    links = derived_links(T.URL, canonical)
    links.append(Observable(T.DOMAIN, "mutated.example"))
    assert derived_links(T.URL, canonical) == [
        Observable(T.DOMAIN, "www.example.co.uk"),
        Observable(T.DOMAIN, "example.co.uk"),
    ]
    mail = derived_links(T.EMAIL, "a@mail.example.co.uk")
    mail.clear()
    assert derived_links(T.EMAIL, "b@mail.example.co.uk") != []


def test_unknown_type_is_refused_before_the_shortcuts() -> None:
    with pytest.raises(InvalidObservable, match="unknown observable type"):
        normalise("ip4", "1.2.3.4")
    with pytest.raises(InvalidObservable, match="must be text"):
        normalise(T.IPV4, 1234)  # type: ignore[arg-type]
    with pytest.raises(InvalidObservable, match="longer than"):
        normalise(T.IPV4, " " * 9000 + "1.2.3.4")
