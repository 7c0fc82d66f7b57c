"""The SQL form of the sharing rule: one WHERE clause for every read path over records.

The viewer's agreements in force are read first (a handful of rows); the clause is then
built from plain comparisons on the record's own columns, grouped by agreement scope:

    owner = V
    OR ( not expired AND (
         (tlp = CLEAR AND distribution = everyone)
         OR ( <some agreement in force binding owner and V carries the record's categories,
               purpose and TLP>
              AND ( (distribution IN (partners, everyone) AND tlp < RED)
                    OR (distribution = agreement AND agreement in V's live set AND tlp < RED)
                    OR (distribution = agencies AND V is a named recipient) ) ) ) )

so a page walks the creation index and stops early, and a count is one pass over the
record columns with no per-row subquery except for named-recipient records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from liaison.errors import NotFound
from liaison.intel.models import Record, record_recipients
from liaison.policy.decision import Decision, decide, live_viewer_agreements
from liaison.vocab import ALL_CATEGORIES_MASK, TLP, Distribution, mask_to_purposes


@dataclass(frozen=True)
class RecordFilter:
    """A viewer's visibility clause; only this module makes one."""

    viewer_id: str
    now: datetime
    clause: ColumnElement[bool]

    def select(self) -> Select[tuple[Record]]:
        return select(Record).where(self.clause)


def record_filter(session: Session, viewer_id: str, now: datetime) -> RecordFilter:
    live = live_viewer_agreements(session, viewer_id, now)

    # owners reachable under each distinct scope (forbidden categories, purposes, max TLP)
    by_scope: dict[tuple[int, int, int], set[str]] = defaultdict(set)
    for agreement in live:
        key = (
            ALL_CATEGORIES_MASK & ~agreement.category_mask,
            agreement.purpose_mask,
            agreement.max_tlp,
        )
        by_scope[key].update(m.id for m in agreement.members if m.id != viewer_id)

    grants = []
    for (forbidden, purposes, max_tlp), owners in sorted(by_scope.items()):
        if not owners or not purposes:
            continue
        terms = [
            Record.owner_id.in_(sorted(owners)),
            Record.purpose.in_([p.value for p in mask_to_purposes(purposes)]),
            Record.tlp <= max_tlp,
        ]
        if forbidden:
            terms.append(Record.category_mask.bitwise_and(forbidden) == 0)
        grants.append(and_(*terms))

    if grants:
        named = exists().where(
            record_recipients.c.record_id == Record.id,
            record_recipients.c.agency_id == viewer_id,
        )
        distributed = or_(
            and_(
                Record.distribution.in_([Distribution.PARTNERS.value, Distribution.EVERYONE.value]),
                Record.tlp < TLP.RED,
            ),
            and_(
                Record.distribution == Distribution.AGREEMENT.value,
                Record.distribution_agreement_id.in_(sorted(a.id for a in live)),
                Record.tlp < TLP.RED,
            ),
            and_(Record.distribution == Distribution.AGENCIES.value, named),
        )
        shared = and_(or_(*grants), distributed)
    else:
        shared = false()

    clause = or_(
        Record.owner_id == viewer_id,
        and_(
            or_(Record.expires_at.is_(None), Record.expires_at > now),
            or_(
                and_(Record.tlp == TLP.CLEAR, Record.distribution == Distribution.EVERYONE.value),
                shared,
            ),
        ),
    )
    return RecordFilter(viewer_id, now, clause)


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
