"""Offline IP enrichment from the data bundled with the iptocc package."""

from __future__ import annotations

import pytest

from liaison.observables import enrich


@pytest.mark.parametrize(
    ("ip", "country"),
    [
        ("193.0.6.139", "NL"),  # RIPE NCC
        ("2001:67c:2e8:22::c100:68b", "NL"),  # RIPE NCC over IPv6
        ("46.183.220.81", "LV"),  # OceanLotus C&C in ESET's event, registered in Latvia
        ("8.8.8.8", "US"),
        ("10.0.0.1", None),  # private
        ("192.0.2.1", None),  # documentation range
    ],
)
def test_country(ip: str, country: str | None) -> None:
    kind = "ipv6" if ":" in ip else "ipv4"
    assert enrich.enrich(kind, ip) == enrich.Enrichment(country=country, asn=None)


def test_non_country_registry_codes_are_dropped() -> None:
    assert all(len(c) == 2 for c in enrich._COUNTRIES)
    assert "EU" not in enrich._COUNTRIES
    assert "AP" not in enrich._COUNTRIES


def test_other_types_are_not_enriched() -> None:
    assert enrich.enrich("domain", "arinas.tk") == enrich.Enrichment()
    assert enrich.enrich("cidr", "46.183.220.0/24") == enrich.Enrichment()


def test_asn_is_not_bundled() -> None:
    assert enrich.asn("46.183.220.81") is None


def test_data_version_names_package_version_and_date() -> None:
    version = enrich.data_version()
    assert version.country.package == "iptocc"
    assert version.country.version.count(".") >= 2
    assert version.country.data_date is None or len(version.country.data_date) == 10
    assert version.asn is None
    assert str(version).startswith("country: iptocc ")
    assert str(version).endswith("asn: no bundled dataset")
