"""LIAISON_WARNINGLISTS: names, `default`, `-name`, and errors that say what to fix."""

from __future__ import annotations

import pytest

from liaison.errors import Invalid
from liaison.warninglists.catalog import known_names
from liaison.warninglists.selection import DEFAULT, ConfigurationError, parse

KNOWN = known_names()


def test_default_is_the_curated_set():
    assert parse("default", KNOWN) == DEFAULT


def test_default_can_be_extended_and_trimmed():
    chosen = parse(" default , vpn-ipv4,-tranco10k,, ", KNOWN)
    assert "vpn-ipv4" in chosen and "tranco10k" not in chosen and "rfc1918" in chosen


def test_explicit_names_keep_their_order_without_duplicates():
    assert parse("rfc1918,tranco,rfc1918", KNOWN) == ("rfc1918", "tranco")


def test_empty_means_no_list():
    assert parse("", KNOWN) == ()


def test_an_unknown_name_is_refused_with_a_suggestion():
    with pytest.raises(ConfigurationError) as caught:
        parse("default,tranco-10k,rfc1981", KNOWN)
    error = caught.value
    assert isinstance(error, Invalid)
    assert error.message.startswith("LIAISON_WARNINGLISTS: 2 problems")
    assert [d.field for d in error.details] == ["LIAISON_WARNINGLISTS"] * 2
    assert "'tranco-10k' (did you mean 'tranco10k'?)" in error.details[0].message
    assert "'rfc1981'" in error.details[1].message
    assert "liaison warninglist list" in error.details[1].message


def test_every_default_name_is_bundled():
    assert set(DEFAULT) <= set(KNOWN)
