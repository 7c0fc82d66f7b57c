"""Type guessing for unlabelled free text."""

from __future__ import annotations

import pytest

from liaison.observables import ObservableType as T
from liaison.observables import guess_type


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("f8e92d8b5488ea76c40601c8f1a08790", T.MD5),
        ("D5235D136CFCADBEF431EEA7253D80BDE414DB9D", T.SHA1),
        ("91acb0d56771af0196e34ac95194b3d0bf3200bc5f6208caf3a91286958876f9", T.SHA256),
        (
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
            T.SHA512,
        ),
        ("46.183.220.81", T.IPV4),
        ("46[.]183[.]220[.]81", T.IPV4),
        ("2001:67c:2e8:22::c100:68b", T.IPV6),
        ("112.64.0.0/15", T.CIDR),
        ("arinas.tk", T.DOMAIN),
        ("aol[.]straliaenollma[.]xyz", T.DOMAIN),
        ("bücher.de", T.DOMAIN),
        ("hxxp://45.124.132.127/DOVIDNIK - (2018).zip", T.URL),
        ("https://www.circl.lu", T.URL),
        ("karakos3232@seznam.cz", T.EMAIL),
        ("karakos3232[at]seznam[.]cz", T.EMAIL),
        ("1GCaWA685Nj2PqqG7P2ZBACYZB8ZtpQuQ9", T.BTC_ADDRESS),
        ("33Kja69SQVc8kozpoP7Qw6HFtGxHkiWzTz", T.BTC_ADDRESS),
        ("bc1qv7k70u2zynvem59u88ctdlaw7hc735d8xep9rq", T.BTC_ADDRESS),
        ("0x098B716B8Aaf21512996dC57EB0615e2383E2f96", T.ETH_ADDRESS),
        (
            "884Bz8UH63aYsjVdkfWfScRYWZGGNbjFL7pztqvWNSrtYT4reFSwyvkCj9KEGUtheHhhMUj87ciTBFyzoesrMJ4L1FvSoxL",
            T.XMR_ADDRESS,
        ),
        ("+44 20 7946 0018", T.PHONE),
        ("GB82 WEST 1234 5698 7654 32", T.IBAN),
        ("22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoead.onion", T.ONION),
        ("AS13335", T.ASN),
        ("telegram:@arvin_club", T.HANDLE),
        ("mapid.tlb", T.FILE_NAME),  # ESET Turla event: .tlb is not a public suffix
        ("SCANPASS_QXWEGRFGCVT_323803488900X_jpeg.exe", T.FILE_NAME),
    ],
)
def test_guesses(raw: str, expected: T) -> None:
    assert guess_type(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "Win32/Exploit.Agent.NWZ",  # a detection name from a real ESET event
        "CVE-2017-0263",
        "flPGdvyhPykxGvhDOAZnU",  # a mutex from a real ESET event
        "0x098b716B8Aaf21512996dC57EB0615e2383E2f96",  # bad EIP-55 checksum
        "1GCaWA685Nj2PqqG7P2ZBACYZB8ZtpQuQ8",  # bad base58check checksum
        "lackbittk6ux3mtrbh2qjpmrkygdmh3uqafj5h2dg2bt63jzh5xf3iad.onion",  # bad checksum
        "localhost",
        "13335",
        "hello world",
        "%appdata%\\Microsoft\\Windows\\scawrdot.db",
    ],
)
def test_no_guess(raw: str) -> None:
    assert guess_type(raw) is None
