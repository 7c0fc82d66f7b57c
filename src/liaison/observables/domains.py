"""Domain names, onion services and e-mail addresses.

Domains are stored lower-case in their ASCII (punycode) form so that ``bücher.de`` and
``xn--bcher-kva.de`` correlate; the registrable domain comes from the Public Suffix List
snapshot bundled with tldextract, never fetched.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

import idna
import tldextract

# Underscores are not legal in host names but do occur in DNS names seen in the wild
# (``_dmarc``, sloppy dynamic-DNS hosts), so they are kept rather than refused.
_LABEL = r"(?!-)[a-z0-9_-]{1,63}(?<!-)"
DOMAIN_NAME = re.compile(rf"(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})")
_BASE32 = re.compile(r"[a-z2-7]{56}")
_ONION_TAG = b".onion checksum"
_LOCAL_BAD = re.compile(r"[\s\x00-\x1f\x7f]")

# Private suffixes (github.io, blogspot.com …) count: two blogs on blogspot.com belong to
# different people, so correlating them on "blogspot.com" would be noise.
_EXTRACT = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)
# Lower-case ASCII labels, none empty: what every canonical domain is, and all that
# `_suffix_start` walks. Anything else (a URL, a port, Unicode, "a..b") goes to tldextract.
_PLAIN_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")


def _to_ascii(v: str) -> str:
    # UTS 46 non-transitional IDNA 2008 is what browsers resolve (faß.de stays faß.de);
    # IDNA 2003 is the fallback for names 2008 refuses but that exist, such as emoji domains.
    try:
        return idna.encode(v, uts46=True, transitional=False).decode("ascii")
    except idna.IDNAError:
        pass
    try:
        return v.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError("not a valid internationalised domain name") from None


def _check_punycode(v: str) -> None:
    for label in v.split("."):
        if label.startswith("xn--"):
            try:
                decoded = label[4:].encode("ascii").decode("punycode")
            except UnicodeError:
                decoded = ""
            if decoded.isascii():  # also catches "xn--a-", which decodes to plain "a"
                raise ValueError(f"label {label!r} is not valid punycode")


@lru_cache(maxsize=65536)
def domain(value: str) -> str:
    """Lower-case ASCII domain without the trailing root dot; at least two labels."""
    v = value.strip().lower()
    if v.endswith("."):
        v = v[:-1]
    if not v.isascii():
        v = _to_ascii(v).lower()
    if len(v) > 253:
        raise ValueError("longer than 253 characters")
    if not DOMAIN_NAME.fullmatch(v):
        raise ValueError(
            "not a domain name (dot-separated labels of letters, digits and hyphens,"
            " ending in an alphabetic top-level domain)"
        )
    if "xn--" in v:
        _check_punycode(v)
    return v


# A suffix trie, labels right to left, as tldextract builds it: label -> [children, is a
# rule]. Lists and dicts rather than objects: the walk below is the hot path of every link.
_Trie = dict[str, list]
_rules: _Trie | None = None


def _suffix_rules() -> _Trie:
    # The very suffixes `_EXTRACT` uses (bundled snapshot, private ones included), loaded on
    # first use as tldextract does. Calling tldextract costs ~10 µs a name, mostly URL parsing
    # and result objects that a canonical domain does not need.
    global _rules
    if _rules is None:
        root: _Trie = {}
        for suffix in _EXTRACT.tlds:
            children = root
            entry: list = []
            for label in reversed(suffix.split(".")):
                entry = children.setdefault(label, [{}, False])
                children = entry[0]
            entry[1] = True
        _rules = root
    return _rules


@lru_cache(maxsize=4096)
def _decoded(label: str) -> str:
    # The suffix list is in Unicode; tldextract matches punycode labels by decoding them.
    try:
        return idna.decode(label)
    except (UnicodeError, IndexError):
        return label


def _suffix_start(labels: list[str], punycode: bool) -> int | None:
    """Index of the public suffix's first label, or None: tldextract's walk, step by step.

    `labels` are lower-case, `punycode` whether any starts "xn--". Wildcard (``*.ck``) and
    exception (``!www.ck``) rules apply as in tldextract.
    """
    children = _rules or _suffix_rules()
    start = index = len(labels)
    for label in reversed(labels):
        key = _decoded(label) if punycode and label.startswith("xn--") else label
        entry = children.get(key)
        if entry is not None:
            index -= 1
            children, rule = entry
            if rule:
                start = index
            continue
        if "*" in children:
            start = index if "!" + key in children else index - 1
        break
    return None if start == len(labels) else start


@lru_cache(maxsize=65536)
def registrable_domain(canonical_domain: str) -> str | None:
    """The domain one party registered (``example.co.uk`` for ``a.b.example.co.uk``), if any."""
    return registrable_domain_uncached(canonical_domain)


def registrable_domain_uncached(canonical_domain: str) -> str | None:
    """`registrable_domain` without its cache, for callers that cache whole results.

    A cache miss costs about as much as the walk itself, so caching twice is a loss.
    """
    if not _PLAIN_HOST.fullmatch(canonical_domain):
        return _EXTRACT(canonical_domain).top_domain_under_public_suffix or None
    labels = canonical_domain.split(".")
    start = _suffix_start(labels, "xn--" in canonical_domain)
    if not start:  # no suffix, or the name is a suffix itself
        return None
    return canonical_domain if start == 1 else ".".join(labels[start - 1 :])


def has_public_suffix(canonical_domain: str) -> bool:
    """Whether the name ends in a suffix on the Public Suffix List (``igfxtray.exe`` does not)."""
    if not _PLAIN_HOST.fullmatch(canonical_domain):
        return bool(_EXTRACT(canonical_domain).suffix)
    labels = canonical_domain.split(".")
    return _suffix_start(labels, "xn--" in canonical_domain) is not None


def onion(value: str) -> str:
    """A v3 onion service address, checksum and version verified (Tor rend-spec-v3 §6).

    The 56 base32 characters encode PUBKEY (32 bytes) | CHECKSUM (2) | VERSION (1), with
    CHECKSUM = SHA3-256(".onion checksum" | PUBKEY | VERSION)[:2].
    """
    v = value.strip().lower()
    if v.endswith("."):
        v = v[:-1]
    if not v.endswith(".onion"):
        raise ValueError("must end in .onion")
    label = v[:-6]
    if "." in label:
        raise ValueError("give the onion service address only, without subdomains")
    if len(label) == 16:
        raise ValueError("v2 onion addresses (16 characters) were retired in 2021; only v3")
    if not _BASE32.fullmatch(label):
        raise ValueError("a v3 onion address is 56 base32 characters (a-z, 2-7) before .onion")
    raw = base64.b32decode(label.upper())
    pubkey, checksum, version = raw[:32], raw[32:34], raw[34:]
    if version != b"\x03":
        raise ValueError(f"onion address version is {raw[34]}, not 3")
    if hashlib.sha3_256(_ONION_TAG + pubkey + version).digest()[:2] != checksum:
        raise ValueError("onion address checksum does not match")
    return v


def onion_service(canonical_domain: str) -> str | None:
    """The v3 onion service a domain name points into (``www.x.onion`` → ``x.onion``)."""
    if not canonical_domain.endswith(".onion"):
        return None
    service = ".".join(canonical_domain.rsplit(".", 2)[-2:])
    try:
        return onion(service)
    except ValueError:
        return None


def email(value: str) -> str:
    """``local@domain`` with the domain normalised; the local part is kept exactly.

    Mail providers differ on case and dots in the local part, so it is not folded.
    """
    v = value.strip()
    if v[:7].lower() == "mailto:":
        v = v[7:]
    local, at, host = v.rpartition("@")
    if not at or not local or not host:
        raise ValueError("not an e-mail address (local-part@domain)")
    if "@" in local and not (local.startswith('"') and local.endswith('"')):
        raise ValueError("the local part has an unquoted @")
    if _LOCAL_BAD.search(local):
        raise ValueError("the local part contains spaces or control characters")
    if len(local.encode("utf-8")) > 64:
        raise ValueError("the local part is longer than 64 bytes")
    try:
        return f"{local}@{domain(host)}"
    except ValueError as exc:
        raise ValueError(f"domain part: {exc}") from None
