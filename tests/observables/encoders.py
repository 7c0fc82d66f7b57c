"""Independent encoders that build valid (or deliberately broken) addresses for tests.

Written from the specifications, not from the code under test, so that a round trip
checks the decoder against a second reading of the spec.
"""

from __future__ import annotations

import base64
import hashlib

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32 = 1
BECH32M = 0x2BC830A3


def base58check(version: int, payload: bytes) -> str:
    """Bitcoin base58check: version byte, payload, 4-byte double-SHA-256 checksum."""
    raw = bytes([version]) + payload
    raw += hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    number = int.from_bytes(raw, "big")
    text = ""
    while number:
        number, digit = divmod(number, 58)
        text = B58[digit] + text
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + text


def _polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = ((chk & 0x1FFFFFF) << 5) ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def _to_5bit(data: bytes) -> list[int]:
    acc = bits = 0
    out = []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append((acc >> bits) & 31)
    if bits:
        out.append((acc << (5 - bits)) & 31)
    return out


def segwit(hrp: str, version: int, program: bytes, const: int | None = None) -> str:
    """BIP 173/350 address; `const` forces the wrong checksum variant for negative tests."""
    if const is None:
        const = BECH32 if version == 0 else BECH32M
    data = [version] + _to_5bit(program)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _polymod(expanded + data + [0] * 6) ^ const
    checksum = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32_CHARSET[d] for d in data + checksum)


def onion_v3(pubkey: bytes, version: int = 3, corrupt: bool = False) -> str:
    """Tor rend-spec-v3 §6 onion address for a 32-byte public key."""
    ver = bytes([version])
    checksum = hashlib.sha3_256(b".onion checksum" + pubkey + ver).digest()[:2]
    if corrupt:
        checksum = bytes([checksum[0] ^ 1, checksum[1]])
    return base64.b32encode(pubkey + checksum + ver).decode().lower() + ".onion"
