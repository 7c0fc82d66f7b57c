"""STIX exports of what a viewer may see, and imports into the importer's records. Records
come through the policy's filter; writes go through the bulk import."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from liaison import audit, policy
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.attack import service as attack
from liaison.errors import FieldError, Invalid
from liaison.hits.service import Disclosed
from liaison.intel import bulk
from liaison.intel import service as intel
from liaison.intel.models import Record
from liaison.intel.schemas import RecordCreate, RecordQuery
from liaison.schemas import field_errors
from liaison.stix import importer
from liaison.stix.export import KnownIds, bundle
from liaison.stix.models import StixId
from liaison.stix.schemas import StixImport

MAX_RECORDS = 10000


def _known_ids(session: Session, record_ids: list[str]) -> KnownIds:
    known: KnownIds = defaultdict(dict)
    for start in range(0, len(record_ids), 500):
        for row in session.scalars(select(StixId).where(
                StixId.record_id.in_(record_ids[start:start + 500]))):
            key = "report" if row.type is None else (row.type, row.value or "")
            known[row.record_id][key] = row.stix_id
    return known


def export_bundle(session: Session, query: RecordQuery, now: datetime, by: Principal, *,
                  limit: int = MAX_RECORDS) -> dict[str, Any]:
    """The visible records matching the query (newest first, up to `limit`) as a STIX 2.1
    bundle, imported ones under the ids they came with; audited like the JSON export."""
    records = intel.visible_records(session, query, now, by, limit)
    made = bundle(records, known=_known_ids(session, [r.id for r in records]))
    audit.append(session, by.actor, "record.export", "record", None, now, format="stix-2.1",
                 count=len(records), objects=len(made["objects"]),
                 query=query.model_dump(mode="json", exclude_defaults=True))
    return made


@dataclass
class ImportOutcome:
    record_ids: list[str] = field(default_factory=list)
    observables: int = 0
    already_held: list[str] = field(default_factory=list)  # reports imported before
    not_imported: dict[str, int] = field(default_factory=dict)  # object type -> count
    not_understood: list[str] = field(default_factory=list)
    left_out: list[FieldError] = field(default_factory=list)  # bad values, with keep_good
    told: list[Disclosed] = field(default_factory=list)  # deconfliction hits

    def to_json(self) -> dict[str, object]:
        """The answer the API and `liaison stix import --json` give."""
        return {
            "record_ids": self.record_ids, "observables": self.observables,
            "already_held": self.already_held, "not_imported": self.not_imported,
            "not_understood": self.not_understood,
            "left_out": [{"field": p.field, "message": p.message} for p in self.left_out],
        "hits": [{"reference": d.reference, "agency": d.agency_name, "country": d.country}
                 for d in self.told],
        }


def _held_before(session: Session, by: Principal, now: datetime,
                 stix_ids: list[str]) -> set[str]:
    """Report ids already imported into one of the importer's own records."""
    if not stix_ids:
        return set()
    mapped = select(StixId.record_id).where(StixId.stix_id.in_(stix_ids))
    own = policy.record_filter(session, by.agency_id, now).select().where(
        Record.id.in_(mapped), Record.owner_id == by.agency_id)
    mine = {r.id for r in session.scalars(own)}
    return set(session.scalars(select(StixId.stix_id).where(
        StixId.record_id.in_(mine), StixId.stix_id.in_(stix_ids)))) if mine else set()


def import_bundle(session: Session, body: StixImport, now: datetime,
                  by: Principal) -> ImportOutcome:
    """The bundle's reports (and loose indicators) as records of the importer's agency, in
    the caller's transaction: every problem is reported and nothing stored, unless
    `keep_good` leaves the bad values out."""
    by.require(Permission.RECORD_CREATE)
    reading = importer.read(body.bundle)
    outcome = ImportOutcome(not_imported=dict(reading.not_imported),
                            not_understood=reading.not_understood)
    held = _held_before(session, by, now, [d.stix_id for d in reading.drafts if d.stix_id])
    outcome.already_held = sorted(held)
    drafts = [d for d in reading.drafts if d.stix_id not in held]
    defaults = body.defaults.model_dump(mode="json")
    for draft in drafts:  # ATT&CK ids this node does not hold are named, not cited
        cited, missing = attack.split_cited(session, draft.fields.get("techniques") or [])
        if missing:
            outcome.not_understood.append(
                f"{draft.stix_id}: ATT&CK {', '.join(missing)} not on this node")
            draft.fields["techniques"] = cited
    items: list[RecordCreate] = []
    sources: list[list[tuple[importer.Found, str]]] = []
    bad_values: list[FieldError] = []
    bad_records: list[FieldError] = []
    for index, draft in enumerate(drafts):
        good, bad = importer.normalised(draft, index)
        bad_values += bad
        fields = {**defaults, **draft.fields}
        if draft.tlp is not None:
            fields["tlp"] = draft.tlp.slug
        pairs = list(dict.fromkeys((found.type.value, value) for found, value in good))
        fields["observables"] = [{"type": t, "value": v} for t, v in pairs]
        try:
            items.append(RecordCreate.model_validate(fields))
            sources.append(good)
        except ValidationError as exc:
            bad_records += [FieldError(f"records.{index}.{e.field}", e.message)
                            for e in field_errors(exc)]
    if bad_records or (bad_values and not body.keep_good):  # keep_good leaves out values
        raise Invalid("Some of the bundle cannot be imported; nothing was.",
                      bad_records + bad_values)
    outcome.left_out = bad_values
    if not items:
        return outcome
    report = bulk.import_records(session, items, now, by)
    outcome.record_ids, outcome.observables, outcome.told = (
        report.record_ids, report.observables, report.told)
    rows: list[dict[str, Any]] = []
    for record_id, draft, good in zip(report.record_ids, drafts, sources, strict=True):
        if draft.stix_id:
            rows.append({"record_id": record_id, "stix_id": draft.stix_id, "type": None,
                         "value": None, "modified": draft.modified})
        yielded: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for found, value in good:
            yielded[found.source_id].append((found.type.value, value))
        for source_id, values in yielded.items():
            if source_id.startswith("indicator--") and len(set(values)) == 1:
                rows.append({"record_id": record_id, "stix_id": source_id,
                             "type": values[0][0], "value": values[0][1], "modified": None})
    unique_rows = list({(r["record_id"], r["stix_id"]): r for r in rows}.values())
    if unique_rows:
        session.execute(insert(StixId), unique_rows)
    audit.append(session, by.actor, "stix.import", "bundle", str(body.bundle.get("id")), now,
                 records=len(outcome.record_ids), observables=outcome.observables,
                 already_held=len(held), not_imported=outcome.not_imported,
                 left_out=len(bad_values))
    return outcome
