"""The dispatching entry point, the error it raises and the batch form."""

from __future__ import annotations

import pickle

import pytest

from liaison.observables import (
    BatchResult,
    InvalidObservable,
    Observable,
    ObservableType,
    Problem,
    normalise,
    normalise_batch,
)


def test_records_take_their_types_from_here() -> None:
    from liaison.intel.schemas import ObservableIn

    assert ObservableIn.model_fields["type"].annotation is ObservableType


def test_accepts_the_enum_or_its_name() -> None:
    assert normalise(ObservableType.DOMAIN, "Arinas.TK") == "arinas.tk"
    assert normalise("domain", "Arinas.TK") == "arinas.tk"


def test_unknown_type() -> None:
    with pytest.raises(InvalidObservable) as info:
        normalise("hostname", "arinas.tk")
    assert (info.value.type, info.value.value) == ("hostname", "arinas.tk")
    assert str(info.value) == "hostname: unknown observable type 'hostname'"


def test_error_is_a_value_error_naming_type_value_and_reason() -> None:
    with pytest.raises(ValueError, match=r"^md5: must be exactly 32 hexadecimal") as info:
        normalise("md5", "f8e92d8b")
    error = info.value
    assert isinstance(error, InvalidObservable)
    assert (error.type, error.value) == ("md5", "f8e92d8b")
    assert error.reason.startswith("must be exactly 32")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.type, copy.value, copy.reason) == (error.type, error.value, error.reason)


@pytest.mark.parametrize("raw", ["", "   ", "\n", "[.]"])
def test_empty_values(raw: str) -> None:
    with pytest.raises(InvalidObservable):
        normalise("file_name", raw)


def test_value_must_be_text() -> None:
    with pytest.raises(InvalidObservable, match="must be text"):
        normalise("ipv4", 167772161)  # type: ignore[arg-type]


def test_region_only_matters_for_phones() -> None:
    assert normalise("domain", "arinas.tk", region="GB") == "arinas.tk"
    assert normalise("phone", "020 7946 0018", region="GB") == "+442079460018"


# A slice of ESET's OceanLotus watering-hole event, as an importer would pass it.
ESET_ITEMS = [
    ("domain", "arabica.podzone.net"),
    ("ipv4", "178.128.103.24"),
    ("domain", "utagscript[.]com"),
    ("ipv4", "206.189.88.50"),
    ("url", "hxxp://skategirlchina[.]com/wp-includes/ms-locale.php"),
    ("sha1", "8A7E2399A61EC025C15D06ECDD9B7B37D6245EC2"),
]


def test_batch_all_good() -> None:
    result = normalise_batch(ESET_ITEMS)
    assert result.ok
    assert result.problems == []
    assert result.good == [
        Observable(ObservableType.DOMAIN, "arabica.podzone.net"),
        Observable(ObservableType.IPV4, "178.128.103.24"),
        Observable(ObservableType.DOMAIN, "utagscript.com"),
        Observable(ObservableType.IPV4, "206.189.88.50"),
        Observable(ObservableType.URL, "http://skategirlchina.com/wp-includes/ms-locale.php"),
        Observable(ObservableType.SHA1, "8a7e2399a61ec025c15d06ecdd9b7b37d6245ec2"),
    ]


BAD_ITEMS = [
    *ESET_ITEMS[:2],
    ("ipv4", "107.183.86"),  # truncated IP from a real MISP event
    ("url", "www.kcico.com.tw/data/openwebmail/doc/wthk.txt"),  # no scheme, real MISP value
    ("hostname", "goodnewspaper.3322.org"),  # a MISP type name, not ours
    *ESET_ITEMS[2:],
]


def test_batch_with_problems_stores_nothing_by_default() -> None:
    result = normalise_batch(BAD_ITEMS)
    assert not result.ok
    assert result.good == []
    assert [(p.index, p.line, p.type, p.value) for p in result.problems] == [
        (2, 3, "ipv4", "107.183.86"),
        (3, 4, "url", "www.kcico.com.tw/data/openwebmail/doc/wthk.txt"),
        (4, 5, "hostname", "goodnewspaper.3322.org"),
    ]
    assert str(result.problems[0]).startswith("line 3: ipv4: not an IPv4 address")
    assert "needs a scheme" in result.problems[1].reason


def test_batch_keep_good_returns_the_good_ones() -> None:
    result = normalise_batch(BAD_ITEMS, keep_good=True)
    assert not result.ok
    assert len(result.good) == len(ESET_ITEMS)
    assert len(result.problems) == 3


def test_batch_takes_any_iterable_and_a_region() -> None:
    pairs = [("phone", "020 7946 0018"), ("md5", "F8E92D8B5488EA76C40601C8F1A08790")]
    items = (pair for pair in pairs)
    result = normalise_batch(items, region="GB")
    assert result == BatchResult(
        good=[
            Observable(ObservableType.PHONE, "+442079460018"),
            Observable(ObservableType.MD5, "f8e92d8b5488ea76c40601c8f1a08790"),
        ],
        problems=[],
    )


def test_empty_batch_is_ok() -> None:
    assert normalise_batch([]) == BatchResult([], [])
    assert normalise_batch([]).ok


def test_problem_is_plain_data() -> None:
    problem = Problem(0, "ipv4", "x", "why")
    assert problem.line == 1
    assert str(problem) == "line 1: ipv4: why"
