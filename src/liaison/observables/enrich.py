"""Offline enrichment of IP observables: registry country now, autonomous system when bundled.

Police networks are often air-gapped, so nothing here touches the network. The country is
the one a Regional Internet Registry assigned the block to (the ``iptocc`` package embeds
the five RIRs' delegation files, rebuilt nightly), which is not always where a server
stands. No maintained PyPI package ships an IP-to-ASN table (pyasn and ip2asn download
theirs, geoip2fast bundles AS names without numbers), so `asn` answers None until one does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import metadata

import iptocc
import pycountry

from liaison.observables.types import ObservableType

_COUNTRIES = frozenset(c.alpha_2 for c in pycountry.countries)


@dataclass(frozen=True, slots=True)
class Enrichment:
    """What the bundled data says about an observable; None where it says nothing."""

    country: str | None = None
    asn: str | None = None


@dataclass(frozen=True, slots=True)
class DataSource:
    """Where enrichment data comes from, to record beside what it produced."""

    package: str
    version: str
    data_date: str | None

    def __str__(self) -> str:
        when = f", data of {self.data_date}" if self.data_date else ""
        return f"{self.package} {self.version}{when}"


@dataclass(frozen=True, slots=True)
class DataVersion:
    """The data behind `country` and `asn`; `asn` is None while no dataset is bundled."""

    country: DataSource
    asn: DataSource | None

    def __str__(self) -> str:
        return f"country: {self.country}; asn: {self.asn or 'no bundled dataset'}"


def country(ip: str) -> str | None:
    """ISO 3166-1 alpha-2 country the address block is registered to, from a canonical IP.

    None for private, reserved and unallocated space, and for the RIRs' non-country
    codes (EU, AP), which are not ISO countries.
    """
    code = iptocc.country_code(ip)
    return code if code in _COUNTRIES else None


def asn(ip: str) -> str | None:
    """The autonomous system announcing the address; always None, see the module docstring."""
    return None


def enrich(type_: ObservableType | str, canonical: str) -> Enrichment:
    """Country and AS of a canonical ipv4/ipv6 observable; empty for every other type."""
    if type_ in (ObservableType.IPV4, ObservableType.IPV6):
        return Enrichment(country=country(canonical), asn=asn(canonical))
    return Enrichment()


def _build_date(distribution: metadata.Distribution) -> str | None:
    # iptocc rebuilds with fresh RIR data every night; its wheel's SBOM carries the date.
    for name in ("sboms/iptocc-py.cyclonedx.json", "sboms/iptocc.cyclonedx.json"):
        text = distribution.read_text(name)
        if text:
            try:
                stamp = json.loads(text)["metadata"]["timestamp"]
            except (ValueError, KeyError, TypeError):
                return None
            return str(stamp)[:10]
    return None


@cache
def data_version() -> DataVersion:
    """Package, version and data date of the enrichment data in use."""
    distribution = metadata.distribution("iptocc")
    return DataVersion(
        country=DataSource("iptocc", distribution.version, _build_date(distribution)),
        asn=None,
    )
