"""One entry point from a raw value to its canonical form, and the batch form importers use.

Every value is refanged, then checked and rewritten by its type's normaliser; a bad value
raises `InvalidObservable` naming the type and the reason, and a batch reports every bad
line at once so a sender can fix a file in one go. The commonest spellings take shortcuts
(`_FAST`) with the same result, because bulk ingest normalises every value it reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from liaison.observables import crypto_addresses, domains, identifiers, net, urls
from liaison.observables.refang import refang
from liaison.observables.types import InvalidObservable, Observable, ObservableType

T = ObservableType

MAX_LENGTH = 8192
"""Longest raw value accepted; long phishing URLs fit, a pasted document does not."""

_NORMALISERS: dict[ObservableType, Callable[[str], str]] = {
    T.IPV4: net.ipv4,
    T.IPV6: net.ipv6,
    T.CIDR: net.cidr,
    T.DOMAIN: domains.domain,
    T.URL: urls.url,
    T.EMAIL: domains.email,
    T.MD5: identifiers.hex_digest(32),
    T.SHA1: identifiers.hex_digest(40),
    T.SHA256: identifiers.hex_digest(64),
    T.SHA512: identifiers.hex_digest(128),
    T.BTC_ADDRESS: crypto_addresses.btc_address,
    T.ETH_ADDRESS: crypto_addresses.eth_address,
    T.XMR_ADDRESS: crypto_addresses.xmr_address,
    T.PHONE: identifiers.phone,
    T.IBAN: identifiers.iban,
    T.ONION: domains.onion,
    T.ASN: net.asn,
    T.HANDLE: identifiers.handle,
    T.FILE_NAME: identifiers.file_name,
}
_BY_NAME: dict[str, ObservableType] = {t.value: t for t in ObservableType}


# Shortcuts for the commonest spellings, each returning exactly what the general path below
# would (refang, then the type's normaliser) or None to take that path. Every value they
# accept is free of defanging but for "[.]", so refanging could not have changed it.
def _fast_ipv4(raw: str) -> str | None:
    return net.canonical_ipv4(raw.replace("[.]", ".") if "[" in raw else raw)


def _fast_domain(raw: str) -> str | None:
    # Lower-cased first, as `domains.domain` does; only A-Z and the Kelvin sign lower-case
    # into [a-z0-9_.-], so a match means `raw` had nothing to refang or strip either.
    v = raw.lower()
    if len(v) <= 253 and domains.DOMAIN_NAME.fullmatch(v) and "xn--" not in v:
        return v
    return None


_PLAIN_EMAIL = re.compile(r"([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9._-]+)")


def _fast_email(raw: str) -> str | None:
    # One "@", an ASCII local part without spaces, brackets or ":" (so no "mailto:"): all
    # `domains.email` would check, bar the domain itself.
    match = _PLAIN_EMAIL.fullmatch(raw)
    if match is None:
        return None
    local, host = match.groups()
    try:
        return f"{local}@{domains.domain(host)}"
    except ValueError:
        return None  # the general path says why


def _fast_hex(length: int) -> Callable[[str], str | None]:
    pattern = re.compile(rf"[0-9a-fA-F]{{{length}}}")

    def check(raw: str) -> str | None:
        return raw.lower() if pattern.fullmatch(raw) else None

    return check


_FAST: dict[ObservableType, Callable[[str], str | None]] = {
    T.IPV4: _fast_ipv4,
    T.DOMAIN: _fast_domain,
    T.EMAIL: _fast_email,
    T.MD5: _fast_hex(32),
    T.SHA1: _fast_hex(40),
    T.SHA256: _fast_hex(64),
    T.SHA512: _fast_hex(128),
}
_PHONE = T.PHONE


def observable_type(type_: ObservableType | str, value: str = "") -> ObservableType:
    """The type for a name such as "ipv4"; InvalidObservable (about `value`) when there is none."""
    try:
        kind = _BY_NAME.get(type_)
    except TypeError:  # unhashable, so certainly not a type name
        kind = None
    if kind is None:
        raise InvalidObservable(str(type_), value, f"unknown observable type {str(type_)!r}")
    return kind


def normalise(type_: ObservableType | str, raw: str, *, region: str | None = None) -> str:
    """The canonical form of `raw` as an observable of `type_`, or InvalidObservable saying why.

    `region` (ISO 3166 alpha-2) is the country a phone number without +country code is from.
    """
    try:  # observable_type, inlined: a call costs as much as the rest of an ipv4's checks
        kind = _BY_NAME.get(type_)
    except TypeError:
        kind = None
    if kind is None:
        raise InvalidObservable(str(type_), raw, f"unknown observable type {str(type_)!r}")
    if not isinstance(raw, str):
        raise InvalidObservable(kind, repr(raw), "the value must be text")
    if len(raw) > MAX_LENGTH:
        raise InvalidObservable(kind, raw, f"longer than {MAX_LENGTH} characters")
    fast = _FAST.get(kind)
    if fast is not None:
        canonical = fast(raw)
        if canonical is not None:
            return canonical
    value = refang(raw)
    if not value or value.isspace():
        raise InvalidObservable(kind, raw, "the value is empty")
    try:
        if region is not None and kind is _PHONE:
            return identifiers.phone(value, region)
        return _NORMALISERS[kind](value)
    except ValueError as exc:
        raise InvalidObservable(kind, raw, str(exc)) from None


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad item of a batch: where it is, what it claimed to be, and why it was refused."""

    index: int
    type: str
    value: str
    reason: str

    @property
    def line(self) -> int:
        """The 1-based position, as people count lines in a file."""
        return self.index + 1

    def __str__(self) -> str:
        return f"line {self.line}: {self.type}: {self.reason}"


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Normalised items and problems; when not `ok` and not kept, `good` is empty by design.

    An import is all-or-nothing unless the caller asked to keep the good items, so the
    result never hands back a partial batch that could be stored by mistake.
    """

    good: list[Observable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def normalise_batch(
    items: Iterable[tuple[ObservableType | str, str]],
    *,
    keep_good: bool = False,
    region: str | None = None,
) -> BatchResult:
    """Normalise (type, raw) pairs, collecting every problem instead of stopping at the first.

    With `keep_good` False (the default) any problem empties `good`: store nothing.
    """
    good: list[Observable] = []
    problems: list[Problem] = []
    for index, (type_, raw) in enumerate(items):
        try:
            kind = observable_type(type_, raw)
            good.append(Observable(kind, normalise(kind, raw, region=region)))
        except InvalidObservable as exc:
            problems.append(Problem(index, str(exc.type), exc.value, exc.reason))
    if problems and not keep_good:
        good = []
    return BatchResult(good, problems)
