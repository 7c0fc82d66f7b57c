"""Bitcoin, Ethereum and Monero addresses, each with its checksum verified.

A mistyped wallet in a report would correlate with nothing or, worse, with a stranger;
checksums catch nearly all such typos, so a value only passes when its checksum does.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from Crypto.Hash import keccak

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_BASE58_ADDRESS = re.compile(r"[1-9A-HJ-NP-Za-km-z]{25,35}")
_BTC_VERSIONS = {0x00: "P2PKH", 0x05: "P2SH"}
_BTC_TESTNET_VERSIONS = {0x6F, 0xC4}

_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32_CHARSET)}
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3

_ETH = re.compile(r"0[xX]([0-9a-fA-F]{40})")
_XMR = re.compile(r"[48][1-9A-HJ-NP-Za-km-z]{94}(?:[1-9A-HJ-NP-Za-km-z]{11})?")
# Monero network bytes (mainnet): standard, integrated, subaddress.
_XMR_NETWORKS = {18: 95, 19: 106, 42: 95}
# Monero base58 works on 8-byte blocks of 11 characters; a short last block of n
# characters decodes to this many bytes.
_XMR_BLOCK_BYTES = {0: 0, 2: 1, 3: 2, 5: 3, 6: 4, 7: 5, 9: 6, 10: 7, 11: 8}


def _keccak256(data: bytes) -> bytes:
    # Keccak-256 as Ethereum and Monero use it; hashlib.sha3_256 pads differently.
    return keccak.new(digest_bits=256, data=data).digest()


def _b58_int(text: str) -> int:
    number = 0
    for char in text:
        number = number * 58 + _B58_INDEX[char]
    return number


# --- Bitcoin ---------------------------------------------------------------------------


def _base58check(value: str) -> str:
    number = _b58_int(value)
    zeros = len(value) - len(value.lstrip("1"))
    raw = b"\x00" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")
    if len(raw) != 25:
        raise ValueError("a base58 bitcoin address decodes to 25 bytes")
    payload, checksum = raw[:21], raw[21:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        raise ValueError("base58check checksum does not match")
    if payload[0] in _BTC_TESTNET_VERSIONS:
        raise ValueError("a testnet address, not a bitcoin mainnet address")
    if payload[0] not in _BTC_VERSIONS:
        raise ValueError(
            f"version byte {payload[0]} is not bitcoin P2PKH (0) or P2SH (5);"
            " another coin's address?"
        )
    return value


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            if (top >> i) & 1:
                check ^= generator[i]
    return check


def _convert_bits(data: list[int], from_bits: int, to_bits: int) -> bytes | None:
    acc = bits = 0
    out = bytearray()
    mask = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & mask)
    if bits >= from_bits or (acc << (to_bits - bits)) & mask:
        return None  # BIP 173: leftover padding must be under 5 bits and all zero
    return bytes(out)


def segwit_decode(address: str) -> tuple[str, int, bytes]:
    """(hrp, witness version, program) of a bech32/bech32m address (BIP 173, BIP 350)."""
    if address.lower() != address and address.upper() != address:
        raise ValueError("bech32 addresses must not mix upper and lower case")
    v = address.lower()
    sep = v.rfind("1")
    if sep < 1 or sep + 7 > len(v) or len(v) > 90:
        raise ValueError("not a bech32 address")
    hrp = v[:sep]
    try:
        data = [_BECH32_INDEX[c] for c in v[sep + 1 :]]
    except KeyError:
        raise ValueError("contains a character outside the bech32 alphabet") from None
    const = _bech32_polymod([ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data)
    if const not in (_BECH32_CONST, _BECH32M_CONST):
        raise ValueError("bech32 checksum does not match")
    version = data[0]
    program = _convert_bits(data[1:-6], 5, 8)
    if version > 16 or program is None or not 2 <= len(program) <= 40:
        raise ValueError("not a valid segwit witness program")
    if version == 0 and len(program) not in (20, 32):
        raise ValueError("a version 0 witness program is 20 or 32 bytes")
    expected = _BECH32_CONST if version == 0 else _BECH32M_CONST
    if const != expected:
        which = "bech32" if version == 0 else "bech32m"
        raise ValueError(f"witness version {version} must use the {which} checksum")
    return hrp, version, program


@lru_cache(maxsize=65536)
def btc_address(value: str) -> str:
    """P2PKH/P2SH base58check (kept as is) or segwit bech32/bech32m (lower-cased)."""
    v = value.strip()
    if v[:3].lower() == "bc1":
        hrp, _, _ = segwit_decode(v)
        if hrp != "bc":
            raise ValueError("not a bitcoin mainnet bech32 address")
        return v.lower()
    if v[:3].lower() == "tb1":
        raise ValueError("a testnet address, not a bitcoin mainnet address")
    if not _BASE58_ADDRESS.fullmatch(v):
        raise ValueError("not a bitcoin address (base58 starting 1 or 3, or bech32 bc1…)")
    return _base58check(v)


# --- Ethereum --------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def eip55(lower_hex: str) -> str:
    """The EIP-55 mixed-case checksum spelling of 40 lower-case hex digits, with 0x."""
    digest = keccak.new(digest_bits=256, data=lower_hex.encode("ascii")).hexdigest()
    return "0x" + "".join(
        c.upper() if d in "89abcdef" else c for c, d in zip(lower_hex, digest, strict=False)
    )


def eth_address(value: str) -> str:
    """0x + 40 hex digits in EIP-55 form; a mixed-case input must already carry a valid one."""
    match = _ETH.fullmatch(value.strip())
    if match is None:
        raise ValueError("not an ethereum address (0x and 40 hexadecimal digits)")
    digits = match.group(1)
    canonical = eip55(digits.lower())
    if digits != digits.lower() and digits != digits.upper() and digits != canonical[2:]:
        raise ValueError("mixed-case address whose EIP-55 checksum does not match")
    return canonical


# --- Monero ----------------------------------------------------------------------------


def _xmr_decode(value: str) -> bytes:
    out = bytearray()
    for start in range(0, len(value), 11):
        block = value[start : start + 11]
        size = _XMR_BLOCK_BYTES[len(block)]
        out += _b58_int(block).to_bytes(size, "big")
    return bytes(out)


@lru_cache(maxsize=16384)
def xmr_address(value: str) -> str:
    """Standard (4…), subaddress (8…) or integrated (4…, 106 chars) mainnet address.

    Besides the format, the Keccak-256 checksum (last 4 bytes) and network byte are checked.
    """
    v = value.strip()
    if not _XMR.fullmatch(v):
        raise ValueError("not a monero address (95 or 106 base58 characters starting with 4 or 8)")
    try:
        raw = _xmr_decode(v)
    except OverflowError:
        raise ValueError("not valid monero base58") from None
    if _XMR_NETWORKS.get(raw[0]) != len(v):
        raise ValueError("network byte does not match a mainnet address of this length")
    if _keccak256(raw[:-4])[:4] != raw[-4:]:
        raise ValueError("monero address checksum does not match")
    return v
