"""Observables derived from another for correlation."""

from __future__ import annotations

import pytest

from liaison.observables import Observable, derived_links, normalise
from liaison.observables import ObservableType as T


@pytest.mark.parametrize(
    ("type_", "raw", "links"),
    [
        (
            T.URL,
            "https://www.welivesecurity.com/2019/05/22/journey-zebrocy-land/",
            [(T.DOMAIN, "www.welivesecurity.com"), (T.DOMAIN, "welivesecurity.com")],
        ),
        (T.URL, "http://45.124.132.127/DOVIDNIK - (2018).zip", [(T.IPV4, "45.124.132.127")]),
        (T.URL, "http://[2001:db8::1]:8080/x", [(T.IPV6, "2001:db8::1")]),
        (T.URL, "http://skategirlchina.com/wp-includes/", [(T.DOMAIN, "skategirlchina.com")]),
        (
            T.URL,
            "https://raw.githubusercontent.com/ksRD18pro/ksRD18/master/ntk.tmp",
            # raw.githubusercontent.com is itself a (private) public suffix: nobody's domain.
            [(T.DOMAIN, "raw.githubusercontent.com")],
        ),
        (
            T.URL,
            "http://22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoead.onion/blog",
            [(T.ONION, "22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoead.onion")],
        ),
        (
            T.URL,
            "http://decrypttozxybarc.onion/",  # v2: a domain, but no onion service or registrant
            [(T.DOMAIN, "decrypttozxybarc.onion")],
        ),
        (
            T.URL,
            "http://bob@www.kcico.com.tw:8080/x",
            [(T.DOMAIN, "www.kcico.com.tw"), (T.DOMAIN, "kcico.com.tw")],
        ),
        (
            T.EMAIL,
            "antony.miloshevich128@seznam.cz",
            [(T.DOMAIN, "seznam.cz")],
        ),
        (
            T.EMAIL,
            "someone@mail.example.co.uk",
            [(T.DOMAIN, "mail.example.co.uk"), (T.DOMAIN, "example.co.uk")],
        ),
        (T.DOMAIN, "aol.straliaenollma.xyz", [(T.DOMAIN, "straliaenollma.xyz")]),
        (T.DOMAIN, "arinas.tk", []),
        (T.DOMAIN, "co.uk", []),
        (
            T.DOMAIN,
            "www.22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoead.onion",
            [(T.ONION, "22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoead.onion")],
        ),
        (T.IPV4, "46.183.220.81", []),
        (T.SHA256, "91acb0d56771af0196e34ac95194b3d0bf3200bc5f6208caf3a91286958876f9", []),
    ],
)
def test_derived_links(type_: T, raw: str, links: list[tuple[T, str]]) -> None:
    canonical = normalise(type_, raw)
    assert derived_links(type_, canonical) == [Observable(t, v) for t, v in links]


def test_links_are_canonical_themselves() -> None:
    canonical = normalise("url", "HXXPS://Mail.Example.CO.UK/inbox")
    for link in derived_links("url", canonical):
        assert normalise(link.type, link.value) == link.value
