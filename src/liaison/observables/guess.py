"""Best guess of an observable's type from free text, for importers of unlabelled lists."""

from __future__ import annotations

import re
from collections.abc import Callable

from liaison.observables import crypto_addresses, domains, identifiers, net, urls
from liaison.observables.refang import refang
from liaison.observables.types import ObservableType

T = ObservableType

_HEX_LENGTHS = {32: T.MD5, 40: T.SHA1, 64: T.SHA256, 128: T.SHA512}
_HEX = re.compile(r"[0-9a-fA-F]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_IBAN_START = re.compile(r"[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{11,40}")
_PHONE = re.compile(r"(?:\+|00)[0-9][0-9 ().-]{5,25}")
_ASN = re.compile(r"ASN?\s?[0-9][0-9.]*", re.IGNORECASE)
_FILE_NAME = re.compile(r"[^/\\\x00]{1,250}\.[A-Za-z0-9]{1,8}")


def _valid(check: Callable[[str], str], value: str) -> bool:
    try:
        check(value)
    except ValueError:
        return False
    return True


def guess_type(raw: str) -> ObservableType | None:
    """The most likely type of `raw` (defanged spellings allowed), or None when unsure.

    A guess only stands when the value also validates as that type; 40 hex digits are
    taken as SHA-1, and a name with a file extension that is not a public suffix
    (``invoice.pdf``) as a file name.
    """
    v = refang(raw).strip()
    if not v or len(v) > 8192:
        return None
    if len(v) in _HEX_LENGTHS and _HEX.fullmatch(v):
        return _HEX_LENGTHS[len(v)]
    if v[:2] in ("0x", "0X"):
        return T.ETH_ADDRESS if _valid(crypto_addresses.eth_address, v) else None
    if _SCHEME.match(v):
        return T.URL if _valid(urls.url, v) else None
    if ":" in v and identifiers.platform(v.partition(":")[0]) is not None:
        return T.HANDLE if _valid(identifiers.handle, v) else None
    if "/" in v:
        return T.CIDR if _valid(net.cidr, v) else None
    if _valid(net.ipv4, v):
        return T.IPV4
    if "@" in v:
        return T.EMAIL if _valid(domains.email, v) else None
    if ":" in v:
        return T.IPV6 if _valid(net.ipv6, v) else None
    lower = v.lower()
    if lower.endswith(".onion"):
        return T.ONION if _valid(domains.onion, v) else None
    if _ASN.fullmatch(v) and _valid(net.asn, v):
        return T.ASN
    if _PHONE.fullmatch(v) and _valid(identifiers.phone, v):
        return T.PHONE
    if _valid(crypto_addresses.btc_address, v):
        return T.BTC_ADDRESS
    if _valid(crypto_addresses.xmr_address, v):
        return T.XMR_ADDRESS
    if _IBAN_START.fullmatch(v) and _valid(identifiers.iban, v):
        return T.IBAN
    if "." in v and _valid(domains.domain, v) and domains.has_public_suffix(domains.domain(v)):
        return T.DOMAIN
    if _FILE_NAME.fullmatch(v) and not v[0].isspace():
        return T.FILE_NAME
    return None
