"""Domains, onion services and e-mail addresses."""

from __future__ import annotations

import pytest

from liaison.observables import InvalidObservable, normalise, registrable_domain
from tests.observables.encoders import onion_v3

# From ESET's Turla, Sednit and OceanLotus MISP events.
ESET_DOMAINS = [
    "arinas.tk",
    "bedrost.com",
    "aol.straliaenollma.xyz",
    "cloud.360cn.info",
    "dns.chinanews.network",
    "ethdns.mywire.org",
    "www.kcico.com.tw",
    "vvrhhhnaijyj6s2m.onion.top",
]


@pytest.mark.parametrize("name", ESET_DOMAINS)
def test_real_domains_are_canonical(name: str) -> None:
    assert normalise("domain", name) == name


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Bedrost.COM", "bedrost.com"),
        ("bedrost.com.", "bedrost.com"),
        ("bedrost[.]com", "bedrost.com"),
        ("bedrost(.)com", "bedrost.com"),
        ("bedrost{.}com", "bedrost.com"),
        ("bedrost[dot]com", "bedrost.com"),
        ("bedrost (dot) com", "bedrost.com"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("BÜCHER.DE", "xn--bcher-kva.de"),
        ("faß.de", "xn--fa-hia.de"),  # IDNA 2008 non-transitional, as browsers resolve it
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("i❤.ws", "xn--i-7iq.ws"),  # emoji domains exist; IDNA 2003 fallback
        ("_dmarc.example.com", "_dmarc.example.com"),
    ],
)
def test_domain_spellings(raw: str, canonical: str) -> None:
    assert normalise("domain", raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("localhost", "not a domain name"),
        ("107.183.86", "not a domain name"),  # a truncated IP in a real MISP "url" attribute
        ("-bad.example.com", "not a domain name"),
        ("bad-.example.com", "not a domain name"),
        ("a..example.com", "not a domain name"),
        ("http://example.com", "not a domain name"),
        ("Data/dtl.dat", "not a domain name"),  # a path from a real MISP "url" attribute
        ("a" * 64 + ".com", "not a domain name"),
        (("a" * 60 + ".") * 5 + "com", "longer than 253"),
        ("xn--zz-.com", "not a domain name"),
        ("xn--999999999.com", "not valid punycode"),
        ("xn--a-.com", "not a domain name"),
    ],
)
def test_domain_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable) as info:
        normalise("domain", raw)
    assert reason in info.value.reason
    assert info.value.type == "domain"


@pytest.mark.parametrize(
    ("name", "registrable"),
    [
        ("www.kcico.com.tw", "kcico.com.tw"),
        ("aol.straliaenollma.xyz", "straliaenollma.xyz"),
        ("arinas.tk", "arinas.tk"),
        ("a.b.example.co.uk", "example.co.uk"),
        # Private suffixes count: each blog or Pages site belongs to someone else.
        ("foo.blogspot.com", "foo.blogspot.com"),
        ("ksrd18pro.github.io", "ksrd18pro.github.io"),
        ("co.uk", None),
        ("github.io", None),
    ],
)
def test_registrable_domain_from_bundled_list(name: str, registrable: str | None) -> None:
    assert registrable_domain(name) == registrable


# v3 onion services from MISP galaxy's ransomware cluster (leak sites).
REAL_ONIONS = [
    "22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoead.onion",
    "22g3uiuyqqa4txxuyvzmlyvlou4crrgfvgnvodrv3wrxcedtvjgx6aid.onion",
    "24kckepr3tdbcomkimbov5nqv2alos6vmrmlxdr76lfmkgegukubctyd.onion",
]


@pytest.mark.parametrize("address", REAL_ONIONS)
def test_real_onions(address: str) -> None:
    assert normalise("onion", address) == address
    assert normalise("onion", address.upper() + ".") == address
    assert normalise("onion", address.replace(".", "[.]")) == address


def test_generated_onion_round_trip() -> None:
    address = onion_v3(bytes(range(32)))
    assert normalise("onion", address) == address


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        # Typos in the MISP galaxy itself: the checksum catches them.
        ("lackbittk6ux3mtrbh2qjpmrkygdmh3uqafj5h2dg2bt63jzh5xf3iad.onion", "checksum"),
        ("satanlock2p4c3ad7gxmx3ur7wwdwlywebo2azv3vv5qlmjmole2zbyd.onion", "checksum"),
        ("decrypttozxybarc.onion", "v2 onion"),  # real v2 address from a CIRCL event
        (onion_v3(bytes(32), version=2), "version is 2"),
        (onion_v3(bytes(32), corrupt=True), "checksum"),
        ("www." + REAL_ONIONS[0], "without subdomains"),
        ("22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoea.onion", "56 base32"),
        ("example.com", "must end in .onion"),
    ],
)
def test_onion_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable, match=reason):
        normalise("onion", raw)


# Sender and recipient addresses of Sednit's Zebrocy phishing (ESET MISP event).
ESET_EMAILS = [
    "karakos3232@seznam.cz",
    "antony.miloshevich128@seznam.cz",
    "sym777.g@post.cz",
    "kevin30@ambcomission.com",
]


@pytest.mark.parametrize("address", ESET_EMAILS)
def test_real_emails(address: str) -> None:
    assert normalise("email", address) == address


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Karakos3232@SEZNAM.CZ", "Karakos3232@seznam.cz"),  # local part kept as is
        ("  sym777.g@post.cz \n", "sym777.g@post.cz"),
        ("karakos3232[at]seznam[.]cz", "karakos3232@seznam.cz"),
        ("karakos3232(at)seznam(dot)cz", "karakos3232@seznam.cz"),
        ("karakos3232[@]seznam[.]cz", "karakos3232@seznam.cz"),
        ("mailto:karakos3232@seznam.cz", "karakos3232@seznam.cz"),
        # A ransom-note contact from MISP galaxy's ransomware cluster.
        ("garryweber@protonmail.ch", "garryweber@protonmail.ch"),
        ("info@bücher.de", "info@xn--bcher-kva.de"),
        ('"john@home"@example.com', '"john@home"@example.com'),
    ],
)
def test_email_spellings(raw: str, canonical: str) -> None:
    assert normalise("email", raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("karakos3232", "not an e-mail address"),
        ("@seznam.cz", "not an e-mail address"),
        ("karakos3232@", "not an e-mail address"),
        ("a@b@seznam.cz", "unquoted @"),
        ("kar akos@seznam.cz", "spaces"),
        ("x" * 65 + "@seznam.cz", "64 bytes"),
        ("karakos3232@localhost", "domain part: not a domain name"),
    ],
)
def test_email_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable, match=reason):
        normalise("email", raw)
