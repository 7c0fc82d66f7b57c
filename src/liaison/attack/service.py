"""Loading ATT&CK into the node and looking it up. Reference knowledge is the same for
every agency: no policy question arises, and only node administrators load it."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, cast, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from liaison import audit
from liaison.accounts.principal import Principal
from liaison.attack.models import AttackObject
from liaison.errors import NotFound

# the kinds the console lists, with their ATT&CK names
KINDS = {"attack-pattern": "technique", "x-mitre-tactic": "tactic", "malware": "software",
         "tool": "software", "intrusion-set": "group", "campaign": "campaign",
         "course-of-action": "mitigation"}


def _attack_ref(obj: dict[str, Any]) -> dict[str, Any]:
    for ref in obj.get("external_references") or []:
        if isinstance(ref, dict) and str(ref.get("source_name", "")).startswith("mitre-"):
            return ref
    return {}


def _when(text: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)


def _row(obj: dict[str, Any]) -> dict[str, Any]:
    ref = _attack_ref(obj)
    return {"stix_id": obj["id"], "type": obj["type"],
            "attack_id": (str(ref["external_id"])[:20] if ref.get("external_id") else None),
            "name": str(obj.get("name", ""))[:300], "description": str(obj.get("description", "")),
            "url": (str(ref["url"])[:500] if ref.get("url") else None),
            "domains": list(obj.get("x_mitre_domains") or []),
            "revoked": bool(obj.get("revoked", False)),
            "deprecated": bool(obj.get("x_mitre_deprecated", False)),
            "modified": _when(obj.get("modified", obj.get("created"))),
            "stix": json.dumps(obj, sort_keys=True, separators=(",", ":"))}


@dataclass
class Loaded:
    added: int
    replaced: int  # a newer version of an object held
    kept: int  # the held version is as new or newer
    by_type: dict[str, int]


def _actor(by: Principal | None) -> audit.Actor:
    """A node administrator through the API, or the node's operator (the CLI, `by` None)."""
    if by is None:
        return audit.SYSTEM
    by.require_node_admin()
    return by.actor


def load(session: Session, objects: Iterable[dict[str, Any]], now: datetime,
         by: Principal | None) -> Loaded:
    """Add or update objects (newer `modified` wins; an object in several domains keeps
    them all), in batches; audited once."""
    actor = _actor(by)
    counts: Counter[str] = Counter()
    added = replaced = kept = 0
    batch: dict[str, dict[str, Any]] = {}

    def flush() -> None:
        nonlocal added, replaced, kept
        held = {o.stix_id: o for o in session.scalars(
            select(AttackObject).where(AttackObject.stix_id.in_(list(batch))))}
        fresh = []
        for stix_id, row in batch.items():
            old = held.get(stix_id)
            if old is None:
                fresh.append(row)
                added += 1
                continue
            domains = sorted(set(old.domains) | set(row["domains"]))
            if row["modified"] > old.modified:
                for name, value in row.items():
                    setattr(old, name, value)
                replaced += 1
            else:
                kept += 1
            old.domains = domains
        if fresh:
            session.execute(insert(AttackObject), fresh)
        session.flush()
        batch.clear()

    for obj in objects:
        row = _row(obj)
        counts[row["type"]] += 1
        previous = batch.get(row["stix_id"])
        if previous is not None:
            row["domains"] = sorted(set(previous["domains"]) | set(row["domains"]))
            if previous["modified"] >= row["modified"]:
                previous["domains"] = row["domains"]
                continue
        batch[row["stix_id"]] = row
        if len(batch) >= 1000:
            flush()
    if batch:
        flush()
    audit.append(session, actor, "attack.load", "attack", None, now, added=added,
                 replaced=replaced, kept=kept, by_type=dict(counts))
    return Loaded(added, replaced, kept, dict(counts))


def search(session: Session, *, q: str | None = None, kind: str | None = None,
           domain: str | None = None, include_revoked: bool = False, limit: int = 50,
           offset: int = 0) -> tuple[list[AttackObject], int]:
    """Techniques, software, groups … by ATT&CK id, name or words of the description."""
    where: list[ColumnElement[bool]] = [
        AttackObject.type.in_([t for t, k in KINDS.items() if kind in (None, k)])]
    if not include_revoked:
        where += [AttackObject.revoked.is_(False), AttackObject.deprecated.is_(False)]
    if q:
        like = f"%{q.lower()}%"
        where.append(or_(func.lower(AttackObject.attack_id) == q.lower(),
                         func.lower(AttackObject.name).like(like)))
    if domain:  # the list as stored (JSON text on both backends)
        where.append(cast(AttackObject.domains, String).like(f'%"{domain}"%'))
    total = session.scalar(select(func.count()).select_from(AttackObject).where(*where)) or 0
    rows = session.scalars(select(AttackObject).where(*where)
                           .order_by(AttackObject.attack_id, AttackObject.name)
                           .limit(limit).offset(offset))
    return list(rows), int(total)


def get(session: Session, attack_id: str) -> AttackObject:
    """The current object with this ATT&CK id (T1566, S0366 …), or its STIX id."""
    found = session.scalars(select(AttackObject).where(or_(
        AttackObject.attack_id == attack_id.upper(), AttackObject.stix_id == attack_id))
        .order_by(AttackObject.revoked, AttackObject.modified.desc())).first()
    if found is None:
        raise NotFound(f"No ATT&CK object {attack_id}.")
    return found


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AttackObject)) or 0)


def clear(session: Session, by: Principal | None, now: datetime) -> int:
    actor = _actor(by)
    removed = count(session)
    session.execute(delete(AttackObject))
    audit.append(session, actor, "attack.clear", "attack", None, now, removed=removed)
    return int(removed)


def unknown(session: Session, attack_ids: list[str]) -> list[str]:
    """Of these ATT&CK ids, those the node holds no object for (records cite held ones)."""
    if not attack_ids:
        return []
    held = set(session.scalars(select(AttackObject.attack_id).where(
        AttackObject.attack_id.in_(attack_ids))))
    return [i for i in attack_ids if i not in held]


def unknown_message(session: Session, missing: list[str]) -> str:
    if count(session) == 0:
        return ("no ATT&CK data on this node yet (an operator loads it with "
                f"liaison attack load), so {', '.join(missing)} cannot be cited")
    return f"not in this node's ATT&CK data: {', '.join(missing)}"


def names(session: Session, attack_ids: list[str]) -> dict[str, tuple[str, str]]:
    """ATT&CK id -> (STIX type, name) for the held ones (the current, unrevoked object)."""
    if not attack_ids:
        return {}
    rows = session.execute(select(AttackObject.attack_id, AttackObject.type, AttackObject.name)
                           .where(AttackObject.attack_id.in_(attack_ids))
                           .order_by(AttackObject.revoked.desc(), AttackObject.modified))
    return {attack_id: (kind, name) for attack_id, kind, name in rows if attack_id}


def split_cited(session: Session, cited: list[str]) -> tuple[list[str], list[str]]:
    """Cited ATT&CK ids as (held, missing): imports cite the held and report the rest."""
    missing = set(unknown(session, cited))
    return [i for i in cited if i not in missing], sorted(missing)
