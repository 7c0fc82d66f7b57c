"""Properties: normalising twice changes nothing, and defanging is undone exactly."""

from __future__ import annotations

import ipaddress
import string

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import domains, urls

from liaison.observables import (
    InvalidObservable,
    ObservableType,
    defang,
    derived_links,
    guess_type,
    normalise,
    normalise_batch,
    refang,
)
from liaison.observables.crypto_addresses import eip55
from tests.observables import encoders

T = ObservableType


def _random_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if f else c for c, f in zip(text, flips, strict=True))


@st.composite
def hex_digests(draw: st.DrawFn, size: int) -> str:
    return _random_case(draw, draw(st.binary(min_size=size, max_size=size)).hex())


@st.composite
def btc_addresses(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        payload = draw(st.binary(min_size=20, max_size=20))
        return encoders.base58check(draw(st.sampled_from([0, 5])), payload)
    version = draw(st.integers(0, 16))
    size = draw(st.sampled_from([20, 32]) if version == 0 else st.integers(2, 40))
    address = encoders.segwit("bc", version, draw(st.binary(min_size=size, max_size=size)))
    return address.upper() if draw(st.booleans()) else address


@st.composite
def eth_addresses(draw: st.DrawFn) -> str:
    digits = draw(st.binary(min_size=20, max_size=20)).hex()
    return draw(st.sampled_from(["0x" + digits, "0x" + digits.upper(), eip55(digits)]))


@st.composite
def phones(draw: st.DrawFn) -> tuple[str, str]:
    region = draw(st.sampled_from(sorted(phonenumbers.SUPPORTED_REGIONS)))
    number = phonenumbers.example_number(region)
    if number is None:
        number = phonenumbers.parse("+442079460018")
        region = "GB"
    style = draw(
        st.sampled_from(
            [phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL]
        )
    )
    return phonenumbers.format_number(number, style), region


@st.composite
def ipv6_spellings(draw: st.DrawFn) -> str:
    address = draw(st.ip_addresses(v=6))
    assert isinstance(address, ipaddress.IPv6Address)
    return draw(st.sampled_from([address.exploded, address.exploded.upper(), str(address)]))


@st.composite
def networks(draw: st.DrawFn) -> str:
    address = draw(st.ip_addresses())
    prefix = draw(st.integers(0, address.max_prefixlen))
    return f"{address}/{prefix}"


@st.composite
def asns(draw: st.DrawFn) -> str:
    number = draw(st.integers(1, 2**32 - 1))
    return draw(st.sampled_from([f"AS{number}", f"as{number}", str(number), f"ASN {number}"]))


@st.composite
def handles(draw: st.DrawFn) -> str:
    platform = draw(st.sampled_from(["telegram", "Twitter", "x", "instagram", "github", "tg"]))
    name = draw(st.from_regex(r"[A-Za-z][A-Za-z0-9]{4,14}", fullmatch=True))
    return f"{platform}:{draw(st.sampled_from(['@', '']))}{name}"


@st.composite
def onions(draw: st.DrawFn) -> str:
    return _random_case(draw, encoders.onion_v3(draw(st.binary(min_size=32, max_size=32))))


@st.composite
def emails(draw: st.DrawFn) -> str:
    local = draw(st.from_regex(r"[A-Za-z0-9._%+-]{1,30}", fullmatch=True))
    return f"{local}@{draw(domains())}"


# Values that mostly validate, plus arbitrary text that mostly does not.
VALID_ISH: dict[ObservableType, st.SearchStrategy[str]] = {
    T.IPV4: st.ip_addresses(v=4).map(str),
    T.IPV6: ipv6_spellings(),
    T.CIDR: networks(),
    T.DOMAIN: domains(),
    T.URL: urls(),
    T.EMAIL: emails(),
    T.MD5: hex_digests(16),
    T.SHA1: hex_digests(20),
    T.SHA256: hex_digests(32),
    T.SHA512: hex_digests(64),
    T.BTC_ADDRESS: btc_addresses(),
    T.ETH_ADDRESS: eth_addresses(),
    T.XMR_ADDRESS: st.sampled_from(
        [
            "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiYDa4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL",
            "884Bz8UH63aYsjVdkfWfScRYWZGGNbjFL7pztqvWNSrtYT4reFSwyvkCj9KEGUtheHhhMUj87ciTBFyzoesrMJ4L1FvSoxL",
        ]
    ),
    T.PHONE: phones().map(lambda pair: pair[0]),
    T.IBAN: st.sampled_from(["GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00"]),
    T.ONION: onions(),
    T.ASN: asns(),
    T.HANDLE: handles(),
    T.FILE_NAME: st.text(min_size=1, max_size=40),
}
assert set(VALID_ISH) == set(ObservableType)


def _canonical(kind: ObservableType, raw: str) -> str | None:
    try:
        return normalise(kind, raw)
    except InvalidObservable as exc:
        assert exc.type == kind and exc.reason
        return None


@pytest.mark.parametrize("kind", list(ObservableType))
@given(data=st.data())
def test_normalising_twice_changes_nothing(kind: ObservableType, data: st.DataObject) -> None:
    raw = data.draw(st.one_of(VALID_ISH[kind], st.text(max_size=60)))
    canonical = _canonical(kind, raw)
    if canonical is not None:
        assert normalise(kind, canonical) == canonical


@pytest.mark.parametrize(
    "kind", [k for k in ObservableType if k not in (T.PHONE, T.FILE_NAME, T.XMR_ADDRESS, T.IBAN)]
)
@given(data=st.data())
def test_generated_valid_values_are_accepted(kind: ObservableType, data: st.DataObject) -> None:
    raw = data.draw(VALID_ISH[kind])
    assert _canonical(kind, raw) is not None, raw


@given(phones())
def test_national_numbers_with_their_region(pair: tuple[str, str]) -> None:
    national, region = pair
    canonical = normalise("phone", national, region=region)
    assert canonical.startswith("+")
    assert normalise("phone", canonical) == canonical


@pytest.mark.parametrize("kind", [T.DOMAIN, T.URL, T.EMAIL, T.IPV4, T.ONION, T.FILE_NAME])
@given(data=st.data())
def test_defanged_canonical_refangs_to_canonical(kind: ObservableType, data: st.DataObject) -> None:
    canonical = _canonical(kind, data.draw(VALID_ISH[kind]))
    if canonical is not None:
        assert refang(defang(canonical)) == canonical
        assert normalise(kind, defang(canonical)) == canonical


@given(st.text(alphabet=string.printable + "[](){}.@:/hxXpPsdotaDOTAT ", max_size=60))
def test_refang_is_idempotent(text: str) -> None:
    assert refang(refang(text)) == refang(text)


@pytest.mark.parametrize("kind", [T.URL, T.EMAIL, T.DOMAIN])
@given(data=st.data())
def test_links_are_canonical(kind: ObservableType, data: st.DataObject) -> None:
    canonical = _canonical(kind, data.draw(VALID_ISH[kind]))
    if canonical is not None:
        for link in derived_links(kind, canonical):
            assert normalise(link.type, link.value) == link.value


@given(st.text(max_size=80))
def test_a_guess_always_validates(text: str) -> None:
    kind = guess_type(text)
    if kind is not None:
        normalise(kind, text)


@given(st.lists(st.tuples(st.sampled_from(list(ObservableType)), st.text(max_size=20))))
def test_batch_is_all_or_nothing(items: list[tuple[ObservableType, str]]) -> None:
    strict = normalise_batch(items)
    lenient = normalise_batch(items, keep_good=True)
    assert strict.ok == lenient.ok == (not lenient.problems)
    assert len(lenient.good) + len(lenient.problems) == len(items)
    assert strict.good == (lenient.good if strict.ok else [])
    assert [p.index for p in strict.problems] == sorted(p.index for p in strict.problems)
