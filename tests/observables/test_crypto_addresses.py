"""Bitcoin, Ethereum and Monero addresses with their checksums."""

from __future__ import annotations

import pytest

from liaison.observables import InvalidObservable, normalise
from liaison.observables.crypto_addresses import segwit_decode
from tests.observables import encoders

# Real sanctioned addresses from the OFAC SDN list (extract of 2025-11-19), one per format.
OFAC_P2PKH = "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"
OFAC_P2SH = "33Kja69SQVc8kozpoP7Qw6HFtGxHkiWzTz"
OFAC_P2WPKH = "bc1qv7k70u2zynvem59u88ctdlaw7hc735d8xep9rq"
# WannaCry ransom wallet named in ESET's/CIRCL's MISP event.
CIRCL_BTC = "1GCaWA685Nj2PqqG7P2ZBACYZB8ZtpQuQ9"
# P2WSH from MISP galaxy / GraphSense data and a taproot (v1) address from public vectors.
P2WSH = "bc1q0djzlgy652674pns73x2ka5j8c2p9vl8q0cq650f9xgsppdk9eeqd4zclf"
TAPROOT = "bc1ph4lmxwklchcvvh2wchzassw86yvahdt902mpe0velxzuz2c70sps70mzj4"


@pytest.mark.parametrize("address", [OFAC_P2PKH, OFAC_P2SH, OFAC_P2WPKH, CIRCL_BTC, P2WSH, TAPROOT])
def test_real_bitcoin_addresses(address: str) -> None:
    assert normalise("btc_address", address) == address


def test_bech32_upper_case_is_lowered_and_base58_kept() -> None:
    assert normalise("btc_address", OFAC_P2WPKH.upper()) == OFAC_P2WPKH
    assert normalise("btc_address", f"  {OFAC_P2PKH} ") == OFAC_P2PKH


def test_taproot_program_decodes() -> None:
    hrp, version, program = segwit_decode(TAPROOT)
    assert (hrp, version) == ("bc", 1)
    assert program.hex() == "bd7fb33adfc5f0c65d4ec5c5d841c7d119dbb5657ab61cbd99f985c12b1e7c03"


def test_bip173_vector() -> None:
    assert (
        normalise("btc_address", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")
        == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    )


def _typo(address: str, at: int) -> str:
    alphabet = encoders.BECH32_CHARSET if address.startswith("bc1") else encoders.B58
    swap = alphabet[(alphabet.index(address[at]) + 1) % len(alphabet)]
    return address[:at] + swap + address[at + 1 :]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (_typo(OFAC_P2PKH, 10), "base58check checksum"),
        (_typo(OFAC_P2SH, 20), "base58check checksum"),
        (_typo(OFAC_P2WPKH, 15), "bech32 checksum"),
        (_typo(TAPROOT, 30), "bech32 checksum"),
        ("bc1qv7k70u2zynvem59u88ctdlaw7hc735d8xep9rQ", "mix upper and lower"),
        # A TRON address filed under XBT in the OFAC extract.
        ("TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", "version byte 65"),
        # A Litecoin address (version 48) is valid base58check but not bitcoin.
        (encoders.base58check(48, bytes(20)), "version byte 48"),
        (encoders.base58check(0x6F, bytes(20)), "testnet"),
        (encoders.segwit("tb", 0, bytes(20)), "testnet"),
        # v1+ must use bech32m and v0 bech32 (BIP 350).
        (encoders.segwit("bc", 1, bytes(32), const=encoders.BECH32), "must use the bech32m"),
        (encoders.segwit("bc", 0, bytes(20), const=encoders.BECH32M), "must use the bech32 "),
        (encoders.segwit("bc", 0, bytes(25)), "20 or 32 bytes"),
        (encoders.segwit("bc", 1, bytes(41)), "witness program"),
        ("0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "not a bitcoin address"),
        ("12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9", "base58"),
    ],
)
def test_bitcoin_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable) as info:
        normalise("btc_address", raw)
    assert reason in info.value.reason
    assert info.value.type == "btc_address"


def test_generated_addresses_round_trip() -> None:
    for version in (0, 5):
        address = encoders.base58check(version, bytes(range(20)))
        assert normalise("btc_address", address) == address
    for version, size in ((0, 20), (0, 32), (1, 32), (2, 16), (16, 40)):
        address = encoders.segwit("bc", version, bytes(range(size)))
        assert normalise("btc_address", address) == address


# Lazarus Group addresses from the OFAC SDN list, written in EIP-55 form there.
OFAC_ETH = [
    "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
    "0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B",
    "0x3Cffd56B47B7b41c56258D9C7731ABaDc360E073",
]
# The examples in the EIP-55 specification.
EIP55_EXAMPLES = [
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]


@pytest.mark.parametrize("address", OFAC_ETH + EIP55_EXAMPLES)
def test_ethereum_checksummed_form(address: str) -> None:
    assert normalise("eth_address", address) == address
    assert normalise("eth_address", address.lower()) == address
    assert normalise("eth_address", "0x" + address[2:].upper()) == address
    assert normalise("eth_address", "0X" + address[2:].lower()) == address


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0x098b716B8Aaf21512996dC57EB0615e2383E2f96", "EIP-55 checksum does not match"),
        ("0x098B716B8Aaf21512996dC57EB0615e2383E2f9", "0x and 40 hexadecimal"),
        ("098B716B8Aaf21512996dC57EB0615e2383E2f96", "0x and 40 hexadecimal"),
        ("0x098B716B8Aaf21512996dC57EB0615e2383E2fZZ", "0x and 40 hexadecimal"),
    ],
)
def test_ethereum_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable, match=reason):
        normalise("eth_address", raw)


# Monero addresses from the OFAC SDN list: standard (4…) and subaddresses (8…).
OFAC_XMR = [
    "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL",
    "884Bz8UH63aYsjVdkfWfScRYWZGGNbjFL7pztqvWNSrtYT4reFSwyvkCj9KEGUtheHhhMUj87ciTBFyzoesrMJ4L1FvSoxL",
    "88wRZuGMuC5YQvXpKpeLFHQeZWW28XtGyZCizkqeypTaRcjzNNKVrCg7PpoEeWaj5A7wwbh5M2X9ycXrfUkbeptACsG4bVn",
]


@pytest.mark.parametrize("address", OFAC_XMR)
def test_real_monero_addresses(address: str) -> None:
    assert normalise("xmr_address", address) == address
    assert normalise("xmr_address", f" {address}\n") == address


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        # A 64-hex value filed as XMR in the OFAC extract (a transaction or key, not an address).
        (
            "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320",
            "not a monero address",
        ),
        (OFAC_XMR[0][:-1] + ("M" if OFAC_XMR[0][-1] != "M" else "N"), "checksum"),
        (OFAC_XMR[0][:94], "not a monero address"),
        ("0" + OFAC_XMR[0][1:], "not a monero address"),
        (OFAC_XMR[0].replace("4", "8", 1), "checksum"),  # standard key read as a subaddress
    ],
)
def test_monero_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable, match=reason):
        normalise("xmr_address", raw)
