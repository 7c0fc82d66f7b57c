"""The SQL form of the sharing rule: one WHERE clause for every read path over records.

    owner = V
    OR (not expired AND (
          (distribution = everyone AND tlp = CLEAR)
       OR (( distribution IN (partners, everyone) AND tlp < RED
          OR distribution = agreement AND tlp < RED AND agreement IN V's agreements in force
          OR distribution = agencies AND V is named)
          AND EXISTS a grant in force from owner to V for the record's purpose
                     whose TLP and categories carry it)))

The statement has the same shape for every viewer (only the bound values change), so its
compiled form is cached, and each candidate record costs one seek on the grants' key
(viewer, owner, purpose). A first page walks ix_records_created newest first and stops after
a page of visible records. A count of everything a viewer may see reads counters instead
(`count_visible`); counts narrowed by other filters run the clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from liaison.agreements.models import Agreement, agreement_members
from liaison.db import UTCDateTime
from liaison.errors import NotFound
from liaison.intel.models import Record, record_recipients
from liaison.policy import tallies
from liaison.policy.decision import Decision, decide
from liaison.policy.grants import Grant, grant_in_force
from liaison.policy.scope import in_force_clause
from liaison.vocab import TLP, Distribution

S = TypeVar("S", bound=Select[Any])
Who = str | BindParameter[str]  # the viewer's id, or its placeholder
When = datetime | BindParameter[datetime]


VIEWER = bindparam("policy_viewer_id", type_=String())
NOW = bindparam("policy_now", type_=UTCDateTime())


@dataclass(frozen=True)
class RecordFilter:
    """A viewer's visibility condition at one moment; only this module makes one.

    The condition is built once per process with placeholders for the viewer and the
    moment, and bound per statement: building it costs more than running a page query.
    """

    viewer_id: str
    now: datetime

    def where(self, stmt: S) -> S:
        """`stmt` (any select over records) narrowed to what the viewer may see."""
        return stmt.where(_visible_template()).params(
            policy_viewer_id=self.viewer_id, policy_now=self.now)

    def select(self) -> Select[Record]:
        return self.where(select(Record))

    def hidden_among(self, among: Select[tuple[str]]) -> Select[str, str, bool]:
        """Of the record ids `among` selects, those the viewer may NOT see, with their owner
        and whether a hit on them may be disclosed: what deconfliction hits are made of.
        (A set difference, not NOT(clause): SQL's NULLs must not hide a hidden record.)"""
        holder = aliased(Record, name="holder")  # not `records`: the inner query's own
        seen = select(Record.id).where(Record.id.in_(among), _visible_template())
        return select(holder.id, holder.owner_id, holder.disclosable).where(
            holder.id.in_(among), holder.id.not_in(seen),
        ).params(policy_viewer_id=self.viewer_id, policy_now=self.now)

    def hidden_of(self, session: Session, record_ids: Sequence[str]) -> dict[str, tuple[str, bool]]:
        """`hidden_among` for a list of ids known in advance (a bulk import's matches), with
        the rule tested once per kind of record, not once per record.

        The rule reads of a record only its owner, distribution, TLP, purpose, categories,
        distribution agreement and whether it expired, plus its named recipients when it is
        distributed to agencies. Records alike in all of these get the same answer, so the
        rule runs on one record of each kind (the lowest id) and its answer stands for the
        kind: a viewer's thousands of matches fall into a few hundred kinds. Only the hidden
        come back. (A set difference, as in `hidden_among`: a NULL hides.)"""
        conn = session.connection()  # plain rows: no ORM work per record
        expired = case((_not_expired(NOW), False), else_=True)  # the rule's own comparison
        by_name = case((Record.distribution == Distribution.AGENCIES.value, Record.id))
        kind = (Record.owner_id, Record.distribution, Record.tlp, Record.purpose,
                Record.category_mask, Record.distribution_agreement_id, expired, by_name)
        params = {"policy_viewer_id": self.viewer_id, "policy_now": self.now}
        ordered = sorted(set(record_ids))
        hidden: dict[str, tuple[str, bool]] = {}
        for start in range(0, len(ordered), 2000):
            candidates = select(
                Record.id, Record.owner_id, Record.disclosable,
                func.min(Record.id).over(partition_by=kind).label("representative"),
            ).where(Record.id.in_(ordered[start:start + 2000])).cte("candidates")
            seen = select(Record.id).where(Record.id.in_(select(candidates.c.representative)),
                                           _visible_template())
            stmt = select(candidates.c.id, candidates.c.owner_id, candidates.c.disclosable
                          ).where(candidates.c.representative.not_in(seen))
            hidden.update((record_id, (owner_id, bool(disclosable)))
                          for record_id, owner_id, disclosable in conn.execute(stmt, params))
        return hidden


def _not_expired(now: When) -> ColumnElement[bool]:
    return or_(Record.expires_at.is_(None), Record.expires_at > now)


def _public() -> ColumnElement[bool]:
    return and_(Record.distribution == Distribution.EVERYONE.value, Record.tlp == TLP.CLEAR)


def _to_partners() -> ColumnElement[bool]:
    return and_(Record.distribution.in_(tallies.TO_PARTNERS), Record.tlp < TLP.RED)


def _granted(viewer_id: Who, now: When) -> ColumnElement[bool]:
    """An agreement in force binds the owner and V and carries the record's markings."""
    return (
        select(literal(1))
        .where(
            Grant.viewer_id == viewer_id,
            Grant.owner_id == Record.owner_id,
            Grant.purpose == Record.purpose,
            Grant.max_tlp >= Record.tlp,
            Record.category_mask.bitwise_and(Grant.forbidden_mask) == 0,
            grant_in_force(now),
        )
        .exists()
    )


def _to_my_agreement(viewer_id: Who, now: When, *, per_row: bool) -> ColumnElement[bool]:
    """Distributed to an agreement in force that V belongs to. `per_row`: tested for each
    record (a page stops early); else the agreements are listed once (a count reads all)."""
    to_agreement = and_(
        Record.distribution == Distribution.AGREEMENT.value, Record.tlp < TLP.RED
    )
    mine = (
        select(agreement_members.c.agreement_id)
        .join(Agreement, Agreement.id == agreement_members.c.agreement_id)
        .where(agreement_members.c.agency_id == viewer_id, in_force_clause(now))
    )
    if per_row:
        member = mine.where(
            agreement_members.c.agreement_id == Record.distribution_agreement_id
        ).exists()
        return and_(to_agreement, member)
    return and_(to_agreement, Record.distribution_agreement_id.in_(mine))


def _to_me_by_name(viewer_id: Who, *, per_row: bool) -> ColumnElement[bool]:
    to_agencies = Record.distribution == Distribution.AGENCIES.value
    if per_row:
        named = select(literal(1)).where(
            record_recipients.c.record_id == Record.id,
            record_recipients.c.agency_id == viewer_id,
        ).exists()
        return and_(to_agencies, named)
    mine = select(record_recipients.c.record_id).where(record_recipients.c.agency_id == viewer_id)
    return and_(to_agencies, Record.id.in_(mine))


def visible_clause(viewer_id: Who, now: When) -> ColumnElement[bool]:
    """The rule, shaped for walking records in some order and testing each (a page)."""
    return or_(
        Record.owner_id == viewer_id,
        and_(
            _not_expired(now),
            or_(
                _public(),
                and_(
                    or_(
                        _to_partners(),
                        _to_my_agreement(viewer_id, now, per_row=True),
                        _to_me_by_name(viewer_id, per_row=True),
                    ),
                    _granted(viewer_id, now),
                ),
            ),
        ),
    )


@cache
def _visible_template() -> ColumnElement[bool]:
    return visible_clause(VIEWER, NOW)


def record_filter(session: Session, viewer_id: str, now: datetime) -> RecordFilter:
    """Records `viewer_id` may see at `now`: the same answer as `decide`, for every record."""
    del session  # the condition needs no lookups: grants are joined in SQL
    return RecordFilter(viewer_id, now)


def count_visible(
    session: Session,
    viewer_id: str,
    now: datetime,
    only: tallies.CountFilter | None = None,
) -> int:
    """How many records `viewer_id` may see at `now` (optionally of one owner, TLP, purpose):
    what `count(*)` over `record_filter` gives, mostly from counters.

    Own records, public ones and those distributed to partners or everyone come from the
    counters; records distributed to an agreement or to named agencies (a viewer receives few)
    are counted row by row; so are shared records whose expiry falls between the counters'
    watermark and `now`, to correct the counters in either direction.
    """
    only = only or tallies.CountFilter()
    conn = session.connection()
    reach = tallies.reach_by_owner(conn, viewer_id, now)
    counters, swept_until = tallies.read_counters(conn)
    total = tallies.counted_from_counters(viewer_id, counters, reach, only)

    others = [Record.owner_id != viewer_id, *only.clauses()]
    rows = select(func.count()).select_from(Record)
    # two counts, not one over an OR: each then drives from its own index (PostgreSQL
    # scans the whole table for the OR of two IN-subqueries)
    parts: list[ColumnElement[int]] = [
        rows.where(*others, _not_expired(now), to_viewer, _granted(viewer_id, now))
        .scalar_subquery()
        for to_viewer in (_to_my_agreement(viewer_id, now, per_row=False),
                          _to_me_by_name(viewer_id, per_row=False))
    ]
    if swept_until != now:
        low, high = (swept_until, now) if swept_until is None or swept_until < now else (
            now, swept_until)
        window = [Record.expires_at.is_not(None), Record.expires_at <= high]
        if low is not None:
            window.append(Record.expires_at > low)
        shared = or_(_public(), and_(_to_partners(), _granted(viewer_id, now)))
        drift = rows.where(*others, *window, shared).scalar_subquery()
        # counters still hold records expired since the watermark, or lack ones it swept early
        parts.append(-drift if swept_until is None or swept_until < now else drift)
    return total + int(session.execute(select(sum(parts[1:], parts[0]))).scalar_one())


def get_visible_record(
    session: Session, viewer_id: str, record_id: str, now: datetime
) -> tuple[Record, Decision]:
    """The record and why the viewer sees it; NotFound alike for missing and hidden."""
    record = session.get(Record, record_id)
    if record is None:
        raise NotFound("No such record.")
    decision = decide(session, record, viewer_id, now)
    if not decision.visible:
        raise NotFound("No such record.")
    return record, decision
