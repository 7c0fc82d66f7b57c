"""Observable types and a first type check (full normalisation and correlation: issue #3).

Each check returns the value in a light canonical form or raises ValueError saying why.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from enum import StrEnum
from urllib.parse import urlsplit


class ObservableType(StrEnum):
    IPV4 = "ipv4"
    IPV6 = "ipv6"
    CIDR = "cidr"
    DOMAIN = "domain"
    URL = "url"
    EMAIL = "email"
    MD5 = "md5"
    SHA1 = "sha1"
    SHA256 = "sha256"
    SHA512 = "sha512"
    BTC_ADDRESS = "btc_address"
    ETH_ADDRESS = "eth_address"
    XMR_ADDRESS = "xmr_address"
    PHONE = "phone"
    IBAN = "iban"
    ONION = "onion"
    ASN = "asn"
    HANDLE = "handle"
    FILE_NAME = "file_name"


_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})$")


def _ipv4(v: str) -> str:
    return str(ipaddress.IPv4Address(v))


def _ipv6(v: str) -> str:
    return str(ipaddress.IPv6Address(v))


def _cidr(v: str) -> str:
    return str(ipaddress.ip_network(v, strict=False))


def _domain(v: str) -> str:
    v = v.strip().rstrip(".").lower()
    try:
        v = v.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError("not a valid internationalised domain name") from None
    if len(v) > 253 or not _DOMAIN.match(v):
        raise ValueError("not a domain name (labels of letters, digits and hyphens)")
    return v


def _url(v: str) -> str:
    parts = urlsplit(v.strip())
    if parts.scheme.lower() not in {"http", "https", "ftp", "ftps", "ws", "wss"}:
        raise ValueError("needs a scheme such as http:// or https://")
    if not parts.hostname:
        raise ValueError("has no host")
    return v.strip()


def _email(v: str) -> str:
    local, sep, domain = v.strip().rpartition("@")
    if not sep or not local or len(local) > 64:
        raise ValueError("not an e-mail address (local@domain)")
    return f"{local}@{_domain(domain)}"


def _hex(length: int) -> Callable[[str], str]:
    pattern = re.compile(rf"^[0-9a-f]{{{length}}}$")

    def check(v: str) -> str:
        v = v.strip().lower()
        if not pattern.match(v):
            raise ValueError(f"must be {length} hexadecimal characters")
        return v

    return check


_BTC = re.compile(
    r"^(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71})$"
)
_ETH = re.compile(r"^0x[0-9a-fA-F]{40}$")
_XMR = re.compile(r"^[48][1-9A-HJ-NP-Za-km-z]{94}(?:[1-9A-HJ-NP-Za-km-z]{11})?$")
_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_ONION = re.compile(r"^[a-z2-7]{56}\.onion$")
_HANDLE = re.compile(r"^[a-z0-9][a-z0-9 ._-]{0,39}:.{1,200}$")


def _match(pattern: re.Pattern[str], why: str, prep: Callable[[str], str] = str.strip):
    def check(v: str) -> str:
        v = prep(v)
        if not pattern.match(v):
            raise ValueError(why)
        return v

    return check


def _iban(v: str) -> str:
    v = re.sub(r"\s+", "", v).upper()
    if not _IBAN.match(v):
        raise ValueError("not an IBAN (country code, check digits, account)")
    digits = "".join(str(int(c, 36)) for c in v[4:] + v[:4])
    if int(digits) % 97 != 1:
        raise ValueError("IBAN check digits do not match")
    return v


def _asn(v: str) -> str:
    m = re.fullmatch(r"(?i)(?:AS)?\s*(\d{1,10})", v.strip())
    if not m or not 0 < int(m.group(1)) < 2**32:
        raise ValueError("not an autonomous system number (AS1 to AS4294967295)")
    return f"AS{int(m.group(1))}"


def _file_name(v: str) -> str:
    v = v.strip()
    if not v or len(v) > 255 or "/" in v or "\x00" in v:
        raise ValueError("not a file name (1-255 characters, no slash)")
    return v


CHECKS: dict[ObservableType, Callable[[str], str]] = {
    ObservableType.IPV4: _ipv4,
    ObservableType.IPV6: _ipv6,
    ObservableType.CIDR: _cidr,
    ObservableType.DOMAIN: _domain,
    ObservableType.URL: _url,
    ObservableType.EMAIL: _email,
    ObservableType.MD5: _hex(32),
    ObservableType.SHA1: _hex(40),
    ObservableType.SHA256: _hex(64),
    ObservableType.SHA512: _hex(128),
    ObservableType.BTC_ADDRESS: _match(_BTC, "not a bitcoin address (base58 or bech32)"),
    ObservableType.ETH_ADDRESS: _match(_ETH, "not an ethereum address (0x and 40 hex digits)"),
    ObservableType.XMR_ADDRESS: _match(_XMR, "not a monero address (95 or 106 base58 characters)"),
    ObservableType.PHONE: _match(_PHONE, "not an E.164 number (+ and 7-15 digits)",
                                 lambda v: re.sub(r"[\s().-]", "", v)),
    ObservableType.IBAN: _iban,
    ObservableType.ONION: _match(_ONION, "not an onion v3 address (56 base32 characters .onion)",
                                 lambda v: v.strip().lower()),
    ObservableType.ASN: _asn,
    ObservableType.HANDLE: _match(_HANDLE, "write a handle as platform:name, e.g. telegram:@x",
                                  lambda v: v.strip().lower()),
    ObservableType.FILE_NAME: _file_name,
}


def check(type_: str, value: str) -> str:
    """The checked value for this type, or ValueError naming the type and the reason."""
    try:
        kind = ObservableType(type_)
    except ValueError:
        raise ValueError(f"unknown observable type {type_!r}") from None
    if not value or len(value) > 2048:
        raise ValueError(f"{kind.value}: value must be 1-2048 characters")
    try:
        return CHECKS[kind](value)
    except ValueError as exc:
        raise ValueError(f"{kind.value}: {exc}") from None
