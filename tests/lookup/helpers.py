"""A partner in memory (its key and token set), and a spy that keeps what the partner saw."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from liaison.lookup import oprf
from liaison.lookup.service import Evaluation, TokenSet

Pair = tuple[str, str]


@dataclass
class MemoryPartner:
    """Evaluates under `key`; serves tokens made under `token_key` (the same, unless a test
    wants the two to disagree)."""

    key: bytes
    held: list[Pair]
    token_key: bytes | None = None
    seen: list[bytes] = field(default_factory=list)

    def evaluate(self, blinded: bytes) -> Evaluation:
        self.seen.append(blinded)
        return Evaluation(1, oprf.evaluate(self.key, blinded), 10**9)

    def tokens(self) -> TokenSet:
        tokens = oprf.prf(self.token_key or self.key, self.held)
        return TokenSet(1, b"".join(sorted(set(tokens))))


def traces(pairs: Iterable[Pair]) -> list[bytes]:
    """Deterministic functions of each value that must never reach the partner."""
    out = []
    for type_, value in pairs:
        raw = value.encode()
        encoded = oprf.encode(type_, value)
        out += [raw, encoded, oprf.hash_to_group(type_, value)]
        for data in (raw, encoded, f"{type_}:{value}".encode()):
            out += [hashlib.sha256(data).digest(), hashlib.sha512(data).digest(),
                    hashlib.sha256(data).hexdigest().encode(),
                    hashlib.sha512(data).digest()[:32], hashlib.sha512(data).digest()[32:]]
    return out


def sha256s(n: int, start: int = 0) -> list[Pair]:
    return [("sha256", hashlib.sha256(str(i).encode()).hexdigest())
            for i in range(start, start + n)]
