"""Refanging the spellings analysts use to make indicators unclickable."""

from __future__ import annotations

import pytest

from liaison.observables import defang, refang


@pytest.mark.parametrize(
    ("defanged", "live"),
    [
        ("hxxp://evil.example", "http://evil.example"),
        ("hxxps://evil.example", "https://evil.example"),
        ("hXXp://evil.example", "http://evil.example"),
        ("HXXPS://evil.example", "https://evil.example"),
        ("hxxp[:]//evil.example", "http://evil.example"),
        ("hxxps[://]evil.example", "https://evil.example"),
        ("evil[.]example", "evil.example"),
        ("evil(.)example", "evil.example"),
        ("evil{.}example", "evil.example"),
        ("evil[dot]example", "evil.example"),
        ("evil(dot)example", "evil.example"),
        ("evil [DOT] example", "evil.example"),
        ("evil[ . ]example", "evil.example"),
        ("bob[@]evil.example", "bob@evil.example"),
        ("bob[at]evil.example", "bob@evil.example"),
        ("bob (at) evil.example", "bob@evil.example"),
        ("bob{at}evil.example", "bob@evil.example"),
        ("2001[:]db8[:][:]1", "2001:db8::1"),
        ("a[[.]]b", "a.b"),  # refanged until nothing changes
    ],
)
def test_refang(defanged: str, live: str) -> None:
    assert refang(defanged) == live


@pytest.mark.parametrize(
    "untouched",
    [
        "http://[2001:db8::1]/",
        "http://[::1]:8080/",
        "DOVIDNIK - (2018).zip",
        "photo(1).jpg",
        "httpd.conf",
        "hxxpd",
        "{49CBB1C7-97D1-485A-9EC1-A26065633066}",
        "what (at all) is this",
    ],
)
def test_live_text_is_left_alone(untouched: str) -> None:
    assert refang(untouched) == untouched


@pytest.mark.parametrize(
    "canonical",
    [
        "https://www.welivesecurity.com/2019/05/22/journey-zebrocy-land/",
        "http://45.124.132.127/DOVIDNIK%20-%20(2018).zip",
        "karakos3232@seznam.cz",
        "httpd.conf",
    ],
)
def test_defang_then_refang_is_identity(canonical: str) -> None:
    defanged = defang(canonical)
    assert "." not in defanged.replace("[.]", "")
    assert refang(defanged) == canonical


def test_defang_of_url() -> None:
    assert defang("https://evil.example/a.php") == "hxxps[://]evil[.]example/a[.]php"
