from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from liaison.clock import utcnow
from liaison.correlation.keys import row_value_key, value_key
from liaison.db import Base


class ObservableLink(Base):
    """A value an observable implies (a URL's host, an e-mail's domain) that it correlates
    on as well as its own; written with the observable, deleted with it.

    Keyed (observable, value key) and, on SQLite, clustered on that key: new links go to the
    end of the table, and the value-key index is the only one written out of order."""

    __tablename__ = "observable_links"
    __table_args__ = (Index("ix_observable_links_key", "value_key"),
                      {"sqlite_with_rowid": False})

    observable_id: Mapped[int] = mapped_column(
        ForeignKey("observables.id", ondelete="CASCADE"), primary_key=True
    )
    value_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False,
                                           default=row_value_key)
    type: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(2048))


class Sighting(Base):
    """An agency saw a value (when, where, how often). The owners of records holding the
    value see it; so does the reporting agency."""

    __tablename__ = "sightings"
    __table_args__ = (Index("ix_sightings_key", "value_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"), index=True)
    reported_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    type: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(2048))
    value_key: Mapped[int] = mapped_column(BigInteger, default=row_value_key)  # as observables'
    first_seen: Mapped[datetime] = mapped_column()
    last_seen: Mapped[datetime] = mapped_column()
    count: Mapped[int] = mapped_column(Integer, default=1)
    country: Mapped[str | None] = mapped_column(String(2))
    source: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def keyed(_mapper: Mapper[Any], _conn: object, target: Any) -> None:
    """A changed type or value changes the key (inserts get it from the column default)."""
    target.value_key = value_key(target.type, target.value)


event.listen(Sighting, "before_update", keyed)
