"""The STIX ids imported objects came with, so they leave again under the same ids."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db import Base


class StixId(Base):
    """A record's report id, or one of its indicators' ids (with the observable it became),
    as the imported bundle had them. Records made in Liaison have none: their STIX ids are
    derived from their own ids."""

    __tablename__ = "stix_ids"
    __table_args__ = (Index("ix_stix_ids_stix_id", "stix_id"),)

    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"),
                                           primary_key=True)
    stix_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    type: Mapped[str | None] = mapped_column(String(32))  # an indicator's observable
    value: Mapped[str | None] = mapped_column(String(2048))
    modified: Mapped[datetime | None] = mapped_column()  # the object's STIX modified time
