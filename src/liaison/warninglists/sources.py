"""Where warninglists come from: the MISP lists bundled in the pymispwarninglists wheel.

Only the JSON files are read, from the installed package's data directory, found without
importing the package: its code can fetch fresh lists from the network (`tools`), and
Liaison must never do that at run time. A list is up to date as of its wheel's version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

from liaison.warninglists.attributes import applies_to, url_scope

PACKAGE = "pymispwarninglists"


@dataclass(frozen=True, slots=True)
class Source:
    """One warninglist as loaded: its words for the console and the entries to index.

    `kind` is MISP's matching type (string, hostname, substring, cidr, regex), or "node" for
    this node's typed entries in `typed`. `applies_to` names the observable types checked
    directly; `url_scope` says which URLs on a listed host are listed: "any" (the host is
    special-use, so every URL on it is) or "site" (only the bare site, ``https://host/``).
    """

    name: str
    title: str
    description: str
    version: str
    kind: str
    applies_to: frozenset[str]
    url_scope: str | None
    origin: str
    entries: tuple[str, ...] = ()
    typed: tuple[tuple[str, str], ...] = field(default=())


def _lists_dir() -> Path | None:
    spec = find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    return package / "data" / "misp-warninglists" / "lists"


@lru_cache(maxsize=1)
def misp_names() -> tuple[str, ...]:
    """The bundled lists' names (their directory names, e.g. ``rfc1918``), sorted."""
    root = _lists_dir()
    if root is None or not root.is_dir():
        return ()
    return tuple(sorted(p.parent.name for p in root.glob("*/list.json")))


def data_version() -> str:
    """The bundled MISP data's version: that of the wheel it came in."""
    try:
        return f"{PACKAGE} {version(PACKAGE)}"
    except PackageNotFoundError:
        return f"{PACKAGE} (not installed)"


def load_misp(name: str) -> Source:
    """One bundled list, its MISP attribute types mapped onto Liaison's observable types."""
    root = _lists_dir()
    if root is None:
        raise FileNotFoundError(f"{PACKAGE} is not installed")
    data = json.loads((root / name / "list.json").read_text(encoding="utf-8"))
    kind = str(data["type"])
    attributes = [str(a) for a in data.get("matching_attributes") or ()]
    return Source(
        name=name,
        title=str(data.get("name") or name),
        description=str(data.get("description") or ""),
        version=str(data.get("version", "")),
        kind=kind,
        applies_to=applies_to(name, kind, attributes),
        url_scope=url_scope(name, kind, attributes),
        origin="MISP",
        entries=tuple(str(e) for e in data.get("list") or ()),
    )
