from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from liaison.clock import utcnow
from liaison.db import Base


class ObservableLink(Base):
    """A value an observable implies (a URL's host, an e-mail's domain) that it correlates
    on as well as its own; written with the observable, deleted with it."""

    __tablename__ = "observable_links"
    __table_args__ = (Index("ix_observable_links_value", "type", "value", "observable_id"),)

    observable_id: Mapped[int] = mapped_column(
        ForeignKey("observables.id", ondelete="CASCADE"), primary_key=True
    )
    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(2048), primary_key=True)


class Sighting(Base):
    """An agency saw a value (when, where, how often). The owners of records holding the
    value see it; so does the reporting agency."""

    __tablename__ = "sightings"
    __table_args__ = (Index("ix_sightings_value", "type", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"), index=True)
    reported_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    type: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(2048))
    first_seen: Mapped[datetime] = mapped_column()
    last_seen: Mapped[datetime] = mapped_column()
    count: Mapped[int] = mapped_column(Integer, default=1)
    country: Mapped[str | None] = mapped_column(String(2))
    source: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
