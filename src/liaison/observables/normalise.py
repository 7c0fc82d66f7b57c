"""One entry point from a raw value to its canonical form, and the batch form importers use.

Every value is refanged, then checked and rewritten by its type's normaliser; a bad value
raises `InvalidObservable` naming the type and the reason, and a batch reports every bad
line at once so a sender can fix a file in one go.
"""

from __future__ import annotations

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
    kind = observable_type(type_, raw)
    if not isinstance(raw, str):
        raise InvalidObservable(kind, repr(raw), "the value must be text")
    if len(raw) > MAX_LENGTH:
        raise InvalidObservable(kind, raw, f"longer than {MAX_LENGTH} characters")
    value = refang(raw)
    if not value or value.isspace():
        raise InvalidObservable(kind, raw, "the value is empty")
    try:
        if region is not None and kind is T.PHONE:
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
