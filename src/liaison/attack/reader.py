"""MITRE's files read into STIX 2.1 objects: a 2.1 bundle as it is, a tarball (or folder)
of 2.0 bundles up-converted object by object."""

from __future__ import annotations

import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from liaison.errors import Invalid


def up_convert(obj: dict[str, Any]) -> dict[str, Any]:
    """A STIX 2.0 object in 2.1 form: `spec_version` on the object, 2.0's required labels
    of malware and tools as 2.1's `malware_types` / `tool_types`, malware a family unless
    said otherwise (2.1 requires `is_family`)."""
    if obj.get("spec_version") == "2.1":
        return obj
    converted = {"type": obj["type"], "spec_version": "2.1",
                 **{k: v for k, v in obj.items() if k not in ("type", "spec_version")}}
    kind = obj.get("type")
    if kind in ("malware", "tool") and "labels" in converted:
        converted.setdefault(f"{kind}_types", converted.pop("labels"))
    if kind == "malware":
        converted.setdefault("is_family", True)
    return converted


def _bundle_objects(data: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or data.get("type") != "bundle" or \
            not isinstance(data.get("objects"), list):
        raise Invalid.field("file", f"{where}: not a STIX bundle")
    return [o for o in data["objects"] if isinstance(o, dict) and "id" in o and "type" in o]


def read(path: Path) -> Iterator[dict[str, Any]]:
    """Every object of a bundle file, a tar.gz of bundles, or a folder of them, as 2.1."""
    if path.is_dir():
        for file in sorted(path.rglob("*.json")):
            yield from (up_convert(o) for o in _bundle_objects(json.loads(file.read_text()),
                                                               str(file)))
        return
    if path.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if not (member.isfile() and member.name.endswith(".json")):
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                data = json.loads(handle.read())
                yield from (up_convert(o) for o in _bundle_objects(data, member.name))
        return
    try:
        data = json.loads(path.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Invalid.field("file", f"{path.name}: not JSON ({exc})") from None
    yield from (up_convert(o) for o in _bundle_objects(data, path.name))
