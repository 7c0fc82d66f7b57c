"""Records: create, change, read, search, count and export, always through the policy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

from liaison import audit, policy
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.agencies.models import Agency
from liaison.agreements.models import Agreement
from liaison.attack import service as attack
from liaison.correlation import keys as correlation_keys
from liaison.correlation.models import ObservableLink
from liaison.errors import Invalid, NotPermitted
from liaison.hits import service as hits
from liaison.intel.models import Observable, Record, RecordOffence, RecordTechnique
from liaison.intel.schemas import (
    ObservableIn,
    RecordCreate,
    RecordQuery,
    RecordRead,
    RecordSummary,
    RecordUpdate,
    check_markings,
)
from liaison.observables import InvalidObservable, guess_type, normalise
from liaison.policy import Decision
from liaison.vocab import (
    TLP,
    Distribution,
    HandlingCode,
    categories_to_mask,
    mask_to_categories,
)

RESTRICTED_FROM = TLP.AMBER  # reads of records at or above this marking are audited


def _recipients(session: Session, ids: Sequence[str], owner_id: str) -> list[Agency]:
    agencies = list(session.scalars(select(Agency).where(Agency.id.in_(ids))))
    unknown = set(ids) - {a.id for a in agencies}
    if unknown:
        raise Invalid.field("recipient_ids", f"no such agency: {', '.join(sorted(unknown))}")
    if owner_id in ids:
        raise Invalid.field("recipient_ids", "the owner needs not name itself")
    return agencies


def _distribution_agreement(session: Session, agreement_id: str | None,
                            owner_id: str) -> str | None:
    if agreement_id is None:
        return None
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or owner_id not in {m.id for m in agreement.members}:
        raise Invalid.field("distribution_agreement_id",
                            "no such agreement with your agency as a member")
    return agreement.id


def _observables(items: Sequence[ObservableIn]) -> list[Observable]:
    """Observables (already canonical, see ObservableIn) with what correlation indexes."""
    seen: set[tuple[str, str]] = set()
    rows = []
    for item in items:
        key = (item.type.value, item.value)
        if key not in seen:
            seen.add(key)
            rows.append(Observable(
                type=key[0], value=key[1], comment=item.comment,
                address_key=correlation_keys.address_key(*key),
                value_key=correlation_keys.value_key(*key),
                links=[ObservableLink(type=t.value, value=v,
                                      value_key=correlation_keys.value_key(t.value, v))
                       for t, v in correlation_keys.links(*key)],
            ))
    return rows


def _techniques(session: Session, cited: list[str]) -> list[RecordTechnique]:
    """The cited ATT&CK ids, each held by the node's ATT&CK data."""
    ids = list(dict.fromkeys(cited))
    if unknown := attack.unknown(session, ids):
        raise Invalid.field("techniques", attack.unknown_message(session, unknown))
    return [RecordTechnique(attack_id=i) for i in ids]


def create_record(session: Session, data: RecordCreate, now: datetime,
                  by: Principal) -> Record:
    by.require(Permission.RECORD_CREATE)
    if data.expires_at is not None and data.expires_at <= now:
        raise Invalid.field("expires_at", "must be in the future")
    record = Record(
        owner_id=by.agency_id, author_id=by.user_id, title=data.title, summary=data.summary,
        tlp=int(TLP.parse(data.tlp)), handling_codes=[c.value for c in data.handling_codes],
        handling_note=data.handling_note, source_reliability=data.source_reliability,
        information_credibility=data.information_credibility,
        distribution=data.distribution.value,
        distribution_agreement_id=_distribution_agreement(
            session, data.distribution_agreement_id, by.agency_id),
        category_mask=categories_to_mask(data.categories), purpose=data.purpose.value,
        expires_at=data.expires_at, disclosable=data.disclosable, created_at=now,
        updated_at=now, recipients=_recipients(session, data.recipient_ids, by.agency_id),
        offences=[RecordOffence(offence=o.value) for o in dict.fromkeys(data.offences)],
        observables=_observables(data.observables),
        techniques=_techniques(session, data.techniques),
    )
    session.add(record)
    session.flush()
    audit.append(session, by.actor, "record.create", "record", record.id, now,
                 title=record.title, tlp=TLP(record.tlp).slug, distribution=record.distribution,
                 observables=len(record.observables))
    hits.on_new_record(session, by, now, record)
    return record


def _owned(session: Session, record_id: str, by: Principal, now: datetime) -> Record:
    record, _ = policy.get_visible_record(session, by.agency_id, record_id, now)
    if record.owner_id != by.agency_id:
        raise NotPermitted("Only the owner agency may change this record.")
    if record.author_id != by.user_id and not by.can(Permission.RECORD_EDIT_OWN_AGENCY):
        raise NotPermitted("Only its author or a supervisor may change this record.")
    return record


def update_record(session: Session, record_id: str, data: RecordUpdate, now: datetime,
                  by: Principal) -> Record:
    record = _owned(session, record_id, by, now)
    given = data.model_fields_set
    tlp = data.tlp if data.tlp is not None else TLP(record.tlp).slug
    categories = data.categories or mask_to_categories(record.category_mask)
    distribution = data.distribution or Distribution(record.distribution)
    recipient_ids = (data.recipient_ids if data.recipient_ids is not None
                     else [a.id for a in record.recipients])
    if "distribution" in given and distribution != Distribution.AGENCIES and (
            data.recipient_ids is None):
        recipient_ids = []
    agreement_id = (data.distribution_agreement_id if "distribution_agreement_id" in given
                    else record.distribution_agreement_id)
    if "distribution" in given and distribution != Distribution.AGREEMENT and (
            "distribution_agreement_id" not in given):
        agreement_id = None
    codes = data.handling_codes or [HandlingCode(c) for c in record.handling_codes]
    note = data.handling_note if "handling_note" in given else record.handling_note
    try:
        check_markings(tlp, categories, distribution, recipient_ids, agreement_id, codes, note)
    except ValueError as exc:
        field, _, message = str(exc).partition(": ")
        raise Invalid.field(field, message) from None
    if "expires_at" in given and data.expires_at is not None and data.expires_at <= now:
        raise Invalid.field("expires_at", "must be in the future")

    before = {"tlp": TLP(record.tlp).slug, "distribution": record.distribution,
              "categories": [c.value for c in mask_to_categories(record.category_mask)]}
    for name in ("title", "summary", "source_reliability", "information_credibility"):
        if getattr(data, name) is not None:
            setattr(record, name, getattr(data, name))
    if data.purpose is not None:
        record.purpose = data.purpose.value
    if "expires_at" in given:
        record.expires_at = data.expires_at
    if data.disclosable is not None:
        record.disclosable = data.disclosable
    record.tlp = int(TLP.parse(tlp))
    record.category_mask = categories_to_mask(categories)
    record.distribution = distribution.value
    record.recipients = _recipients(session, recipient_ids, record.owner_id)
    record.distribution_agreement_id = _distribution_agreement(session, agreement_id,
                                                               record.owner_id)
    record.handling_codes = [c.value for c in codes]
    record.handling_note = note
    if data.offences is not None:
        record.offences = [RecordOffence(offence=o.value) for o in dict.fromkeys(data.offences)]
    if data.observables is not None:
        record.observables = _observables(data.observables)
    if data.techniques is not None:
        record.techniques = _techniques(session, data.techniques)
    record.updated_at = now
    session.flush()
    after = {"tlp": TLP(record.tlp).slug, "distribution": record.distribution,
             "categories": [c.value for c in mask_to_categories(record.category_mask)]}
    audit.append(session, by.actor, "record.update", "record", record.id, now,
                 fields=sorted(given), before=before, after=after)
    return record


def get_record(session: Session, record_id: str, now: datetime,
               by: Principal) -> tuple[Record, Decision]:
    """The record if the policy lets the viewer see it; restricted reads are audited."""
    record, decision = policy.get_visible_record(session, by.agency_id, record_id, now)
    if record.tlp >= RESTRICTED_FROM and record.owner_id != by.agency_id:
        audit.append(session, by.actor, "record.read", "record", record.id, now,
                     tlp=TLP(record.tlp).slug, rule=decision.rule,
                     agreement_id=decision.agreement_id)
    return record, decision


def _conditions(session: Session, query: RecordQuery, by: Principal,
                now: datetime) -> tuple[policy.RecordFilter, list[ColumnElement[bool]]]:
    """The policy's filter, and the caller's conditions to narrow it (never to widen it)."""
    visible = policy.record_filter(session, by.agency_id, now)
    where: list[ColumnElement[bool]] = []
    if query.own:
        where.append(Record.owner_id == by.agency_id)
    if query.owner_id:
        where.append(Record.owner_id == query.owner_id)
    if query.tlp:
        where.append(Record.tlp == int(TLP.parse(query.tlp)))
    if query.purpose:
        where.append(Record.purpose == query.purpose.value)
    if query.offence:
        where.append(Record.id.in_(
            select(RecordOffence.record_id).where(RecordOffence.offence == query.offence.value)))
    if query.created_after:
        where.append(Record.created_at >= query.created_after)
    if query.created_before:
        where.append(Record.created_at < query.created_before)
    if query.q:
        like = f"%{query.q.replace('%', '').replace('_', '')}%"
        where.append(or_(Record.title.ilike(like), Record.summary.ilike(like),
                         Record.id.in_(select(Observable.record_id).where(
                             Observable.value.ilike(like)))))
    if query.observable_type or query.observable_value:
        sub = select(Observable.record_id)
        if query.observable_type:
            sub = sub.where(Observable.type == query.observable_type.value)
        if query.observable_value:
            value = query.observable_value.strip()
            # stored values are canonical: search in the same form (a guessed type's, if none)
            kind = query.observable_type or guess_type(value)
            if kind is not None:
                try:
                    value = normalise(kind, value)
                except InvalidObservable as exc:
                    raise Invalid.field("observable_value", str(exc)) from None
            sub = sub.where(Observable.value == value)
            if kind is not None:  # canonical: the hashed key's index finds it
                sub = sub.where(Observable.value_key == correlation_keys.value_key(
                    kind.value, value))
        where.append(Record.id.in_(sub))
    return visible, where


COUNTER_FILTERS = {"own", "owner_id", "tlp", "purpose"}


def _count(session: Session, query: RecordQuery, by: Principal, now: datetime,
           visible: policy.RecordFilter, where: list[ColumnElement[bool]]) -> int:
    """The policy's counters answer the usual counts (all, mine, per owner, TLP or purpose);
    anything narrower counts the rows the filter selects."""
    given = query.model_dump(exclude_defaults=True)
    if set(given) <= COUNTER_FILTERS and not (query.own and query.owner_id):
        return policy.count_visible(session, by.agency_id, now, policy.CountFilter(
            owner_id=by.agency_id if query.own else query.owner_id,
            tlp=int(TLP.parse(query.tlp)) if query.tlp else None,
            purpose=query.purpose.value if query.purpose else None,
        ))
    stmt = visible.where(select(func.count()).select_from(Record).where(*where))
    return session.scalar(stmt) or 0


def search_records(session: Session, query: RecordQuery, now: datetime, by: Principal, *,
                   limit: int = 50, offset: int = 0) -> tuple[list[Record], int]:
    visible, where = _conditions(session, query, by, now)
    total = _count(session, query, by, now, visible, where)
    rows = session.scalars(
        visible.select().where(*where).options(selectinload(Record.offences))
        .order_by(Record.created_at.desc(), Record.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), total


def count_records(session: Session, query: RecordQuery, now: datetime, by: Principal) -> int:
    return _count(session, query, by, now, *_conditions(session, query, by, now))


def visible_records(session: Session, query: RecordQuery, now: datetime, by: Principal,
                    limit: int = 10000) -> list[Record]:
    """Every visible record matching the query, newest first, loaded in full for an export
    (the caller audits the export)."""
    visible, where = _conditions(session, query, by, now)
    stmt = visible.select().where(*where).options(
        selectinload(Record.offences), selectinload(Record.observables),
        selectinload(Record.recipients), selectinload(Record.techniques))
    return list(session.scalars(stmt.order_by(Record.created_at.desc(), Record.id.desc())
                                .limit(limit)))


def export_records(session: Session, query: RecordQuery, now: datetime, by: Principal,
                   limit: int = 10000) -> list[RecordRead]:
    """Every visible record matching the query, with observables and reasons; audited."""
    records = visible_records(session, query, now, by, limit)
    agreements = policy.viewer_agreements(session, by.agency_id)
    out = [read_model(r, policy.decide_loaded(r, by.agency_id, agreements, now))
           for r in records]
    audit.append(session, by.actor, "record.export", "record", None, now,
                 count=len(out), query=query.model_dump(mode="json", exclude_defaults=True))
    return out


def summary_model(record: Record) -> RecordSummary:
    return RecordSummary.model_validate(_summary_fields(record))


def _summary_fields(record: Record) -> dict[str, object]:
    return {
        "id": record.id, "title": record.title, "owner": record.owner,
        "tlp": TLP(record.tlp).slug, "offences": [o.offence for o in record.offences],
        "distribution": record.distribution, "purpose": record.purpose,
        "categories": [c.value for c in mask_to_categories(record.category_mask)],
        "source_reliability": record.source_reliability,
        "information_credibility": record.information_credibility,
        "expires_at": record.expires_at, "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def read_model(record: Record, decision: Decision) -> RecordRead:
    return RecordRead.model_validate({
        **_summary_fields(record),
        "summary": record.summary, "author_id": record.author_id,
        "handling_codes": record.handling_codes, "handling_note": record.handling_note,
        "disclosable": record.disclosable, "recipients": record.recipients,
        "distribution_agreement_id": record.distribution_agreement_id,
        "observables": record.observables,
        "techniques": [t.attack_id for t in record.techniques],
        "visibility": decision,
    })

