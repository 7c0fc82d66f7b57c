"""The private lookup's cryptography: a two-hash Diffie-Hellman OPRF (docs/private-lookup.md).

    F_k(x) = SHA-256("liaison-psi-v1" || k * H(x))[:TOKEN_BYTES]

H maps a (type, canonical value) pair into the prime-order subgroup of edwards25519: SHA-512
of a length-prefixed, domain-separated encoding, each half through libsodium's from-uniform
(Elligator 2) map, the two points added, so H behaves as a random oracle onto the group. PyNaCl
exposes the ed25519 group operations of libsodium (not its ristretto255 ones); every point it
accepts is checked canonical, on the curve, in the prime-order subgroup and not of small
order, so a malformed point from a peer is refused, never multiplied.

The asker blinds H(x) with a fresh random scalar r per value, the holder of k multiplies, the
asker removes r. Pure functions, no database; the holder's key never leaves the holder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nacl import bindings as sodium
from nacl.exceptions import CryptoError

DOMAIN = b"liaison-psi-v1"
POINT_BYTES = 32
SCALAR_BYTES = 32
TOKEN_BYTES = 8
"""64-bit tokens: a lookup of n values against m tokens finds a false hit with probability
about n*m/2**64 (5e-10 for 10,000 values against 1,000,000), for 8 bytes per held value."""

Pair = tuple[str, str]


class BadPoint(ValueError):
    """A peer's message is not a sequence of valid group elements."""


def encode(type_: str, value: str) -> bytes:
    """Unambiguous bytes for a pair: no two pairs (nor another protocol's input) share them."""
    kind, text = type_.encode(), value.encode()
    return b"".join((DOMAIN, b"/h2g/", len(kind).to_bytes(2, "big"), kind,
                     len(text).to_bytes(4, "big"), text))


def hash_to_group(type_: str, value: str) -> bytes:
    digest = hashlib.sha512(encode(type_, value)).digest()
    return sodium.crypto_core_ed25519_add(
        sodium.crypto_core_ed25519_from_uniform(digest[:32]),
        sodium.crypto_core_ed25519_from_uniform(digest[32:]),
    )


def random_scalar() -> bytes:
    """Uniform in [1, L): 64 random bytes reduced mod L (zero is astronomically unlikely)."""
    while True:
        scalar = sodium.crypto_core_ed25519_scalar_reduce(os.urandom(64))
        if any(scalar):
            return scalar


def new_key() -> bytes:
    return random_scalar()


def multiply(scalar: bytes, point: bytes) -> bytes:
    try:
        return sodium.crypto_scalarmult_ed25519_noclamp(scalar, point)
    except (CryptoError, TypeError) as exc:
        raise BadPoint("not a valid group element") from exc


def split(message: bytes) -> list[bytes]:
    if len(message) % POINT_BYTES:
        raise BadPoint(f"length {len(message)} is not a multiple of {POINT_BYTES}")
    return [message[i:i + POINT_BYTES] for i in range(0, len(message), POINT_BYTES)]


def token(point: bytes) -> bytes:
    return hashlib.sha256(DOMAIN + point).digest()[:TOKEN_BYTES]


def prf(key: bytes, pairs: Iterable[Pair]) -> list[bytes]:
    """The holder's tokens for its own values (what it precomputes at ingest)."""
    return [token(multiply(key, hash_to_group(t, v))) for t, v in pairs]


def evaluate(key: bytes, blinded: bytes) -> bytes:
    """The holder's one step: k times each blinded point, in order."""
    return b"".join(multiply(key, point) for point in split(blinded))


def _inverses(scalars: Sequence[bytes]) -> list[bytes]:
    """Montgomery's trick: n inverses for one inversion and 3(n-1) multiplications."""
    if not scalars:
        return []
    prefix = [scalars[0]]
    for scalar in scalars[1:]:
        prefix.append(sodium.crypto_core_ed25519_scalar_mul(prefix[-1], scalar))
    inverse = sodium.crypto_core_ed25519_scalar_invert(prefix[-1])
    out = [b""] * len(scalars)
    for i in range(len(scalars) - 1, 0, -1):
        out[i] = sodium.crypto_core_ed25519_scalar_mul(inverse, prefix[i - 1])
        inverse = sodium.crypto_core_ed25519_scalar_mul(inverse, scalars[i])
    out[0] = inverse
    return out


@dataclass(frozen=True)
class Blinded:
    """The asker's state for one query: `message` goes to the holder; the inverses stay."""

    message: bytes
    inverses: tuple[bytes, ...]

    def unblind(self, evaluated: bytes) -> list[bytes]:
        """The tokens F_k(x) of the asked values, in the order they were blinded."""
        points = split(evaluated)
        if len(points) != len(self.inverses):
            raise BadPoint(f"{len(points)} points answer {len(self.inverses)} asked")
        return [token(multiply(r_inv, p)) for r_inv, p in zip(self.inverses, points, strict=True)]


def blind(pairs: Sequence[Pair]) -> Blinded:
    """r_i * H(x_i) with a fresh r_i per value and per query: the holder sees uniformly random
    group elements, unlinkable to the values and to any other query of the same value."""
    scalars = [random_scalar() for _ in pairs]
    message = b"".join(multiply(r, hash_to_group(t, v))
                       for r, (t, v) in zip(scalars, pairs, strict=True))
    return Blinded(message, tuple(_inverses(scalars)))
