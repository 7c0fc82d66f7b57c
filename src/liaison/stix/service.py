"""STIX exports of what a viewer may see; the records come through the policy's filter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from liaison import audit
from liaison.accounts.principal import Principal
from liaison.intel import service as intel
from liaison.intel.schemas import RecordQuery
from liaison.stix.export import bundle

MAX_RECORDS = 10000


def export_bundle(session: Session, query: RecordQuery, now: datetime, by: Principal, *,
                  limit: int = MAX_RECORDS) -> dict[str, Any]:
    """The visible records matching the query (newest first, up to `limit`) as a STIX 2.1
    bundle; audited like the JSON export."""
    records = intel.visible_records(session, query, now, by, limit)
    made = bundle(records)
    audit.append(session, by.actor, "record.export", "record", None, now, format="stix-2.1",
                 count=len(records), objects=len(made["objects"]),
                 query=query.model_dump(mode="json", exclude_defaults=True))
    return made
