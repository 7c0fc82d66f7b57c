"""What an agency keeps to answer private lookups: its OPRF key, its tokens, a backlog of values
not yet encoded, and the day's evaluations per asker."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from liaison.clock import utcnow
from liaison.db import Base


class LookupKey(Base):
    """The agency's secret OPRF scalar. `epoch` counts rotations: tokens and evaluations are
    comparable only under the same epoch."""

    __tablename__ = "lookup_keys"

    agency_id: Mapped[str] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )
    epoch: Mapped[int] = mapped_column(Integer)
    scalar: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LookupToken(Base):
    """F_k(x) for each distinct value x the agency's records hold; `refs` counts the
    observables holding it (the token goes when the last one does). Rows with refs <= 0 are
    never served: a removal may be applied before the deferred addition it cancels."""

    __tablename__ = "lookup_tokens"
    # SQLite: rows clustered on the key, so the sorted token set is one range scan
    __table_args__ = ({"sqlite_with_rowid": False},)

    agency_id: Mapped[str] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[bytes] = mapped_column(LargeBinary(16), primary_key=True)
    refs: Mapped[int] = mapped_column(Integer)


class LookupBacklog(Base):
    """Values a bulk import added (or removed) without encoding them, one row per batch:
    `entries` is [[type, delta, [value, ...]], ...] (a value once per observable), or
    [[type, value, delta], ...] as the 0005 migration wrote it. Encoded before the agency's
    tokens are served."""

    __tablename__ = "lookup_backlog"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[str] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), index=True
    )
    entries: Mapped[list[Any]] = mapped_column(JSON)


class LookupQuota(Base):
    """How many values `asker_id` had `partner_id` evaluate on one UTC day."""

    __tablename__ = "lookup_quotas"

    partner_id: Mapped[str] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )
    asker_id: Mapped[str] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    used: Mapped[int] = mapped_column(Integer)
