"""The observable vocabulary: the types, a typed value, and the one error a bad value raises."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class ObservableType(StrEnum):
    """Kinds of indicator Liaison correlates; the values are the stored type names."""

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


class Observable(NamedTuple):
    """A canonical value with its type; a tuple so batches of a million stay cheap."""

    type: ObservableType
    value: str


class InvalidObservable(ValueError):
    """A value that is not a valid observable of its type; `reason` is said to the user.

    `type` is the type asked for (the raw string when the type itself is unknown) and
    `value` the value as given, before refanging.
    """

    def __init__(self, type_: str, value: str, reason: str) -> None:
        super().__init__(f"{type_}: {reason}")
        self.type = type_
        self.value = value
        self.reason = reason

    def __reduce__(self) -> tuple[type[InvalidObservable], tuple[str, str, str]]:
        return (InvalidObservable, (self.type, self.value, self.reason))
