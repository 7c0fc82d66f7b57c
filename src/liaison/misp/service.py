"""MISP exports of what a viewer may see, and MISP events imported as records. Records come
through the policy's filter; writes go through the bulk import."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from liaison import audit
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.attack import service as attack
from liaison.errors import FieldError, Invalid
from liaison.hits.service import Disclosed
from liaison.intel import bulk
from liaison.intel import service as intel
from liaison.intel.schemas import RecordCreate, RecordQuery
from liaison.misp import convert
from liaison.misp.schemas import MispImport
from liaison.schemas import field_errors

MAX_RECORDS = 10000


def export_events(session: Session, query: RecordQuery, now: datetime, by: Principal, *,
                  limit: int = MAX_RECORDS) -> list[dict[str, Any]]:
    """The visible records matching the query as MISP events (`{"Event": …}` each, as MISP's
    REST API answers); audited."""
    records = intel.visible_records(session, query, now, by, limit)
    named = attack.names(session, sorted({t.attack_id for r in records for t in r.techniques}))
    events = [json.loads(convert.to_event(r, named).to_json()) for r in records]
    audit.append(session, by.actor, "record.export", "record", None, now, format="misp",
                 count=len(records), query=query.model_dump(mode="json", exclude_defaults=True))
    return [{"Event": e} for e in events]


@dataclass
class ImportOutcome:
    record_ids: list[str] = field(default_factory=list)
    observables: int = 0
    not_imported: dict[str, int] = field(default_factory=dict)  # MISP type -> count
    left_out: list[FieldError] = field(default_factory=list)
    told: list[Disclosed] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The answer the API and `liaison misp import --json` give."""
        return {
            "record_ids": self.record_ids, "observables": self.observables,
            "not_imported": self.not_imported,
            "left_out": [{"field": p.field, "message": p.message} for p in self.left_out],
        "hits": [{"reference": d.reference, "agency": d.agency_name, "country": d.country}
                 for d in self.told],
        }


def import_events(session: Session, body: MispImport, now: datetime,
                  by: Principal) -> ImportOutcome:
    """Each event a record of the importer's agency, in the caller's transaction: every
    problem reported and nothing stored, unless `keep_good` leaves the bad values out."""
    by.require(Permission.RECORD_CREATE)
    defaults = body.defaults.model_dump(mode="json")
    drafts = [convert.from_event(event, i) for i, event in enumerate(body.events)]
    lacking: Counter[str] = Counter()
    for draft in drafts:  # ATT&CK ids this node does not hold are counted, not cited
        draft.fields["techniques"], missing = attack.split_cited(
            session, draft.fields.get("techniques") or [])
        lacking.update(missing)
    items: list[RecordCreate] = []
    bad_records: list[FieldError] = []
    bad_values = [p for d in drafts for p in d.problems]
    for index, draft in enumerate(drafts):
        fields = {**defaults, **draft.fields,
                  "observables": [{"type": t, "value": v} for t, v in draft.observables]}
        try:
            items.append(RecordCreate.model_validate(fields))
        except ValidationError as exc:
            bad_records += [FieldError(f"events.{index}.{e.field}", e.message)
                            for e in field_errors(exc)]
    if bad_records or (bad_values and not body.keep_good):
        raise Invalid("Some of the events cannot be imported; none was.",
                      bad_records + bad_values)
    not_imported: Counter[str] = Counter()
    for draft in drafts:
        not_imported.update(draft.not_imported)
    if lacking:
        not_imported[f"ATT&CK ids not on this node ({', '.join(sorted(lacking))})"] = sum(
            lacking.values())
    report = bulk.import_records(session, items, now, by)
    outcome = ImportOutcome(report.record_ids, report.observables, dict(not_imported),
                            bad_values, report.told)
    audit.append(session, by.actor, "misp.import", "event", None, now,
                 events=len(items), observables=report.observables,
                 left_out=len(bad_values))
    return outcome
