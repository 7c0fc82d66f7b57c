"""STIX patterns for canonical observables, one comparison (or two, for handles) each.

Types STIX 2.1 has no cyber-observable for use the object names others already use:
`cryptocurrency-wallet` (the stix2extensions SCO that crypto2stix and OpenCTI connectors
emit) for wallets, and Liaison's own `x-liaison-phone-number` and `x-liaison-bank-account`.
"""

from __future__ import annotations

from liaison.observables import ObservableType as T

HASHES = {T.MD5: "MD5", T.SHA1: "SHA-1", T.SHA256: "SHA-256", T.SHA512: "SHA-512"}
SIMPLE = {
    T.IPV4: "ipv4-addr:value", T.IPV6: "ipv6-addr:value", T.DOMAIN: "domain-name:value",
    T.ONION: "domain-name:value", T.URL: "url:value", T.EMAIL: "email-addr:value",
    T.FILE_NAME: "file:name", T.BTC_ADDRESS: "cryptocurrency-wallet:address",
    T.ETH_ADDRESS: "cryptocurrency-wallet:address",
    T.XMR_ADDRESS: "cryptocurrency-wallet:address", T.PHONE: "x-liaison-phone-number:value",
    T.IBAN: "x-liaison-bank-account:iban",
}


def quoted(value: str) -> str:
    """A STIX pattern string literal: quotes and backslashes escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pattern(type_: str, value: str) -> str:
    kind = T(type_)
    if kind in HASHES:
        return f"[file:hashes.'{HASHES[kind]}' = {quoted(value)}]"
    if kind is T.CIDR:
        path = "ipv6-addr:value" if ":" in value else "ipv4-addr:value"
        return f"[{path} = {quoted(value)}]"
    if kind is T.ASN:
        return f"[autonomous-system:number = {int(value.removeprefix('AS'))}]"
    if kind is T.HANDLE:
        platform, _, login = value.partition(":")
        return (f"[user-account:account_login = {quoted(login)} AND "
                f"user-account:account_type = {quoted(platform)}]")
    return f"[{SIMPLE[kind]} = {quoted(value)}]"
