"""The default index is built once per test process, like in a server."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from liaison.config import get_settings
from liaison.observables import normalise
from liaison.warninglists import Index
from liaison.warninglists.catalog import build


@pytest.fixture(scope="session")
def index() -> Index:
    return build("default", None)


@pytest.fixture
def listed_by(index: Index) -> Callable[[str, str], list[str]]:
    """The names of the default lists holding a raw value, after normalising it."""

    def names(type_: str, raw: str) -> list[str]:
        return [listing.name for listing in index.check(type_, normalise(type_, raw))]

    return names


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set LIAISON_* variables for one test; settings are re-read before and after."""
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()
