"""Small explicit builders for policy tests, and the two ways of asking "who sees what".

Builders add rows with the ORM directly (test set-up, not the service layer) and flush nothing;
`python_decisions` and `sql_visible_ids` are the two forms of the sharing rule under test.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liaison.agencies.models import Agency
from liaison.agreements.models import Agreement
from liaison.ids import new_id
from liaison.intel.models import Record
from liaison.policy import (
    CountFilter,
    Decision,
    count_visible,
    decide,
    decide_loaded,
    record_filter,
)
from liaison.vocab import (
    TLP,
    AgencyKind,
    AgreementKind,
    AgreementStatus,
    DataCategory,
    Distribution,
    Purpose,
    categories_to_mask,
    purposes_to_mask,
)


def make_agency(session: Session, short: str, *, ident: str | None = None) -> Agency:
    agency = Agency(
        id=ident or new_id(),
        name=f"Agency {short}",
        short_name=short,
        country="NL",
        kind=AgencyKind.POLICE.value,
        timezone="UTC",
    )
    session.add(agency)
    return agency


def make_agreement(
    session: Session,
    name: str,
    members: Sequence[Agency],
    *,
    ident: str | None = None,
    kind: AgreementKind | None = None,
    categories: Iterable[DataCategory] = tuple(DataCategory),
    purposes: Iterable[Purpose] = tuple(Purpose),
    max_tlp: TLP = TLP.AMBER_STRICT,
    status: AgreementStatus = AgreementStatus.ACTIVE,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
) -> Agreement:
    if kind is None:
        kind = AgreementKind.BILATERAL if len(members) == 2 else AgreementKind.MULTILATERAL
    agreement = Agreement(
        id=ident or new_id(),
        name=name,
        kind=kind.value,
        legal_basis=f"Test basis for {name}",
        legal_reference=f"REF-{name}",
        valid_from=valid_from,
        valid_until=valid_until,
        status=status.value,
        category_mask=categories_to_mask(list(categories)),
        purpose_mask=purposes_to_mask(list(purposes)),
        max_tlp=int(max_tlp),
        onward_transfer=False,
        retention_days=365,
        members=list(members),
    )
    session.add(agreement)
    return agreement


def make_record(
    session: Session,
    owner: Agency,
    *,
    ident: str | None = None,
    title: str = "Test record",
    tlp: TLP = TLP.GREEN,
    distribution: Distribution = Distribution.PARTNERS,
    recipients: Sequence[Agency] = (),
    agreement: Agreement | None = None,
    categories: Iterable[DataCategory] = (DataCategory.TECHNICAL_INDICATORS,),
    purpose: Purpose = Purpose.INVESTIGATION,
    expires_at: datetime | None = None,
) -> Record:
    category_mask = categories_to_mask(list(categories))
    if tlp == TLP.CLEAR and category_mask & DataCategory.PERSONAL_DATA.bit:
        raise ValueError("personal data cannot be TLP:CLEAR (the service refuses it)")
    record = Record(
        id=ident or new_id(),
        owner_id=owner.id,
        title=title,
        summary="",
        tlp=int(tlp),
        handling_codes=[],
        source_reliability="B",
        information_credibility=2,
        distribution=distribution.value,
        distribution_agreement_id=agreement.id if agreement is not None else None,
        recipients=list(recipients),
        category_mask=category_mask,
        purpose=purpose.value,
        expires_at=expires_at,
    )
    session.add(record)
    return record


def python_decisions(
    records: Sequence[Record], agreements: Sequence[Agreement], viewer_id: str, now: datetime
) -> dict[str, Decision]:
    """The Python rule for one viewer, from loaded records and all loaded agreements.

    The viewer's agreements are picked out in Python (not by `viewer_agreements`' SQL), so
    this side shares no query with the filter it is compared with.
    """
    mine = [a for a in agreements if viewer_id in {m.id for m in a.members}]
    return {r.id: decide_loaded(r, viewer_id, mine, now) for r in records}


def sql_visible_ids(
    session: Session, viewer_id: str, now: datetime, only: CountFilter | None = None
) -> tuple[set[str], int, int]:
    """The SQL rule for one viewer: the ids the clause selects, what `count(*)` over it says,
    and what the counters say (`count_visible`), all narrowed by `only` when given."""
    only = only or CountFilter()
    visible = record_filter(session, viewer_id, now)
    ids = list(session.scalars(visible.where(select(Record.id).where(*only.clauses()))))
    count = session.scalar(
        visible.where(select(func.count()).select_from(Record).where(*only.clauses())))
    assert len(ids) == len(set(ids)), f"duplicate rows for viewer {viewer_id}: {ids}"
    return set(ids), int(count or 0), count_visible(session, viewer_id, now, only)


def decision_for(session: Session, record: Record, viewer: Agency, now: datetime) -> Decision:
    """Decide from what the database holds, and check the SQL filter says the same."""
    session.flush()
    session.expunge_all()
    loaded = session.get(Record, record.id)
    assert loaded is not None
    decision = decide(session, loaded, viewer.id, now)
    ids, count, counted = sql_visible_ids(session, viewer.id, now)
    assert (loaded.id in ids) == decision.visible, (
        f"SQL filter disagrees with {decision} for viewer {viewer.short_name}"
    )
    assert count == counted == len(ids)
    return decision
