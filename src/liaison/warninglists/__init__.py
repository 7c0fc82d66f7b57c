"""Warninglists: values that must not correlate (issue #3, section 2).

Private and special-use addresses, public resolvers, documentation domains, the most visited
sites, hashes of empty files … appear in unrelated cases everywhere; linking records through
them would bury real links. The data is MISP's warninglists as bundled offline in the
pymispwarninglists wheel (never fetched), plus a few lists of Liaison's own and an optional
node list; LIAISON_WARNINGLISTS and LIAISON_WARNINGLIST_FILE choose them. Values must be
canonical (`liaison.observables.normalise`).

    check(type, value) -> tuple[Listing, ...]   why a value does not correlate (or ())
    is_listed(type, value) -> bool              the fast form, about a microsecond
    current() -> Index                          the configured index; hold it in hot loops
    available() -> list[ListInfo]               every list, marked enabled or not
    data_version() -> str                       the bundled MISP data's version

A misconfiguration raises `ConfigurationError` (an `Invalid`) naming the setting.
"""

from __future__ import annotations

from liaison.config import get_settings
from liaison.observables import ObservableType
from liaison.warninglists.catalog import ListInfo, build, infos
from liaison.warninglists.index import Index, Listing
from liaison.warninglists.selection import DEFAULT, ConfigurationError
from liaison.warninglists.sources import data_version

__all__ = [
    "DEFAULT",
    "ConfigurationError",
    "Index",
    "ListInfo",
    "Listing",
    "available",
    "check",
    "current",
    "data_version",
    "is_listed",
]


def current() -> Index:
    """The index for this node's settings (built on first use, then cached per setting)."""
    settings = get_settings()
    return build(settings.warninglists, settings.warninglist_file)


def check(type_: ObservableType | str, value: str) -> tuple[Listing, ...]:
    """The enabled lists holding a canonical value, each with the entry it matched."""
    return current().check(type_, value)


def is_listed(type_: ObservableType | str, value: str) -> bool:
    """Whether a canonical value is on an enabled list, so it must not correlate."""
    return current().is_listed(type_, value)


def available() -> list[ListInfo]:
    """Every list this node could enable (bundled, Liaison's, its own), sorted by name."""
    return infos(current())
