"""This node's own list (LIAISON_WARNINGLIST_FILE): values its operators know to be benign.

A text file of ``type value`` lines (``#`` starts a comment), or JSON: a list of
``{"type": …, "value": …}`` objects (or ``[type, value]`` pairs), or an object with
``"description"`` and such a list as ``"entries"``. Values are normalised like any observable,
so ``hxxp://intranet[.]police[.]example/`` is fine. A domain covers its subdomains, an
address or network the addresses in it, and both every URL and e-mail address on them;
other types match their exact canonical value.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from liaison.observables import InvalidObservable, ObservableType, normalise
from liaison.warninglists.selection import ConfigurationError
from liaison.warninglists.sources import Source

SETTING = "LIAISON_WARNINGLIST_FILE"
NAME = "node"
_SHOWN = 20


def _text_items(text: str) -> list[tuple[str, Any, Any]]:
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        kind, *value = stripped.split(None, 1)
        items.append((f"line {number}", kind, value[0] if value else ""))
    return items


def _json_items(text: str) -> tuple[str | None, list[tuple[str, Any, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc}") from None
    description = None
    if isinstance(data, dict):
        description = data.get("description")
        data = data.get("entries")
    if not isinstance(data, list):
        raise ValueError('expected a JSON list of {"type": …, "value": …} entries, or an '
                         'object with such a list as "entries"')
    items = []
    for number, entry in enumerate(data, start=1):
        if isinstance(entry, dict):
            items.append((f"entry {number}", entry.get("type"), entry.get("value")))
        elif isinstance(entry, list) and len(entry) == 2:
            items.append((f"entry {number}", entry[0], entry[1]))
        else:
            items.append((f"entry {number}", None, None))
    return (description if isinstance(description, str) else None), items


def _typed(items: list[tuple[str, Any, Any]]) -> tuple[list[tuple[str, str]], list[str]]:
    typed: list[tuple[str, str]] = []
    problems: list[str] = []
    for where, kind, value in items:
        if not isinstance(kind, str) or not isinstance(value, str) or not value:
            problems.append(f"{where}: expected a type and a value, such as `domain "
                            "intranet.example`")
            continue
        try:
            canonical = normalise(kind.strip().lower(), value)
        except InvalidObservable as exc:
            problems.append(f"{where}: {exc.type}: {exc.reason}")
            continue
        typed.append((kind.strip().lower(), canonical))
    return typed, problems


def read(path: Path) -> Source:
    """The node list from `path`; ConfigurationError naming every bad line otherwise."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigurationError.of(SETTING, [f"cannot read {path}: {reason}"]) from None
    description = None
    try:
        if text.lstrip()[:1] in ("[", "{"):
            description, items = _json_items(text)
        else:
            items = _text_items(text)
    except ValueError as exc:
        raise ConfigurationError.of(SETTING, [f"{path}: {exc}"]) from None
    typed, problems = _typed(items)
    if problems:
        shown = [f"{path} {p}" for p in problems[:_SHOWN]]
        if len(problems) > _SHOWN:
            shown.append(f"… and {len(problems) - _SHOWN} more")
        raise ConfigurationError.of(SETTING, shown)
    return Source(
        name=NAME,
        title="This node's own list",
        description=description or f"Values this node's operators listed ({path.name}).",
        version=hashlib.sha256(raw).hexdigest()[:12],
        kind="node",
        applies_to=frozenset(t.value for t in ObservableType),
        url_scope="any",
        origin="node",
        typed=tuple(typed),
    )
