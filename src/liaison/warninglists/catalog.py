"""Every list this node could use, enabled or not, and the index for its configuration."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from liaison.warninglists import nodefile, selection, sources
from liaison.warninglists.builtin import BUILTIN
from liaison.warninglists.index import Index
from liaison.warninglists.sources import Source


@dataclass(frozen=True, slots=True)
class ListInfo:
    """One list as the console and `liaison warninglist list` show it."""

    name: str
    title: str
    description: str
    version: str
    kind: str
    entries: int
    applies_to: tuple[str, ...]
    origin: str
    enabled: bool


def known_names() -> tuple[str, ...]:
    """Names LIAISON_WARNINGLISTS may use: the bundled MISP lists and Liaison's own."""
    return (*sources.misp_names(), *BUILTIN)


def load(name: str) -> Source:
    return BUILTIN[name] if name in BUILTIN else sources.load_misp(name)


@lru_cache(maxsize=8)
def build(spec: str, node_file: Path | None) -> Index:
    """The index for one configuration, built once per process (a few tenths of a second)."""
    names = selection.parse(spec, known_names())
    chosen = [load(name) for name in names]
    if node_file is not None:
        chosen.append(nodefile.read(node_file))
    return Index(chosen)


def _info(source: Source, enabled: bool) -> ListInfo:
    kinds = sorted(source.applies_to | ({"url"} if source.url_scope else set()))
    count = len(source.typed) if source.kind == "node" else len(source.entries)
    return ListInfo(source.name, source.title, source.description, source.version,
                    source.kind, count, tuple(kinds), source.origin, enabled)


@lru_cache(maxsize=1)
def _all_infos() -> tuple[ListInfo, ...]:
    return tuple(_info(load(name), False) for name in known_names())


def infos(index: Index) -> list[ListInfo]:
    """Every known list, sorted by name, marked enabled when `index` uses it."""
    enabled = {s.name for s in index.sources}
    rows = [replace(info, enabled=info.name in enabled) for info in _all_infos()]
    rows += [_info(s, True) for s in index.sources if s.kind == "node"]
    return sorted(rows, key=lambda info: info.name)

