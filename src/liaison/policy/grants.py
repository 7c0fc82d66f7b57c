"""Grants: the agreements in force between two agencies, one row per (viewer, owner, purpose).

The rule "an active agreement binding owner and viewer permits the record's categories, purpose
and TLP" needs, for every record a viewer looks at, the agreements both agencies belong to.
Joining memberships per record costs dozens of index seeks; this table answers it with one:
(viewer, owner, purpose) leads its key, and the rest of an agreement's scope sits in the row.

It is derived from `agreements` and `agreement_members` only, refreshed for an agreement in the
same flush that changes it (see `_refresh_after_flush`), so a suspension takes effect with the
transaction that makes it. Validity windows are kept as columns and tested against the
request's `now` in SQL: time passing needs no refresh. Rows exist only for active agreements.
A community of n members costs n(n-1) x purposes rows; a few hundred members stay cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    String,
    and_,
    delete,
    event,
    insert,
    literal,
    or_,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, UOWTransaction, aliased, mapped_column

from liaison.agreements.models import Agreement, agreement_members
from liaison.db import Base
from liaison.vocab import ALL_CATEGORIES_MASK, AgreementStatus, Purpose


class Grant(Base):
    """`agreement_id` lets `viewer_id` see `owner_id`'s records of `purpose` within its scope."""

    __tablename__ = "policy_grants"
    __table_args__ = (
        Index("ix_policy_grants_agreement", "agreement_id"),
        # SQLite: rows clustered on the key, so a lookup reads the scope with the key
        {"sqlite_with_rowid": False},
    )

    viewer_id: Mapped[str] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )
    owner_id: Mapped[str] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )
    purpose: Mapped[str] = mapped_column(String(32), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True
    )
    max_tlp: Mapped[int] = mapped_column(Integer)
    # categories the agreement does not permit: a record carries none of them
    forbidden_mask: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[datetime | None] = mapped_column()
    valid_until: Mapped[datetime | None] = mapped_column()


def grant_in_force(now: datetime | ColumnElement[datetime]) -> ColumnElement[bool]:
    return and_(
        or_(Grant.valid_from.is_(None), Grant.valid_from <= now),
        or_(Grant.valid_until.is_(None), Grant.valid_until > now),
    )


def refresh(conn: Connection, agreement_ids: Iterable[str] | None = None) -> None:
    """Rewrite the grants of these agreements (all of them when None) from the agreements."""
    ids = None if agreement_ids is None else sorted(set(agreement_ids))
    if ids == []:
        return
    wipe = delete(Grant)
    if ids is not None:
        wipe = wipe.where(Grant.agreement_id.in_(ids))
    conn.execute(wipe)
    viewer = agreement_members.alias("viewer")
    owner = agreement_members.alias("owner")
    agreement = aliased(Agreement, name="agreement")
    for purpose in Purpose:
        rows = (
            select(
                viewer.c.agency_id,
                owner.c.agency_id,
                literal(purpose.value),
                agreement.id,
                agreement.max_tlp,
                literal(ALL_CATEGORIES_MASK).bitwise_and(agreement.category_mask.bitwise_not()),
                agreement.valid_from,
                agreement.valid_until,
            )
            .join(viewer, viewer.c.agreement_id == agreement.id)
            .join(owner, owner.c.agreement_id == agreement.id)
            .where(
                viewer.c.agency_id != owner.c.agency_id,
                agreement.status == AgreementStatus.ACTIVE.value,
                agreement.purpose_mask.bitwise_and(purpose.bit) != 0,
            )
        )
        if ids is not None:
            rows = rows.where(agreement.id.in_(ids))
        columns = [
            "viewer_id", "owner_id", "purpose", "agreement_id", "max_tlp", "forbidden_mask",
            "valid_from", "valid_until",
        ]
        conn.execute(insert(Grant).from_select(columns, rows))


def identity(obj: object) -> str:
    """An object's id without loading it (a deleted row can no longer be loaded)."""
    state = sa_inspect(obj)
    return str(state.identity[0] if state.identity else state.dict["id"])


@event.listens_for(Session, "after_flush")
def _refresh_after_flush(session: Session, _context: UOWTransaction) -> None:
    """Any agreement written in this flush (scope, status, window, members) is re-derived."""
    touched = {
        identity(obj)
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, Agreement)
    }
    if touched:
        refresh(session.connection(), touched)
